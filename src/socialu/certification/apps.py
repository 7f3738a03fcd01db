from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "socialu.certification"
    label = "certification"
    verbose_name = "Certification"

    def ready(self) -> None:
        from socialu.certification.consistency import consistency_checks_register
        from socialu.certification.home import home_panels_register
        from socialu.certification.kinds import built_in_kinds_register
        from socialu.certification.tasks import award_when_learning_changes
        from socialu.learning.signals import learning_progress_changed

        built_in_kinds_register()
        home_panels_register()
        consistency_checks_register()
        learning_progress_changed.connect(
            award_when_learning_changes, dispatch_uid="certification-award-when-learning-changes"
        )

        from socialu.certification.jobs import jobs_register

        jobs_register()

        from socialu.certification.privacy import privacy_register

        privacy_register()
