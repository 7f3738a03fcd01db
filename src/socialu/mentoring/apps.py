from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "socialu.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        from socialu.mentoring.consistency import consistency_checks_register
        from socialu.mentoring.jobs import jobs_register
        from socialu.mentoring.privacy import privacy_register
        from socialu.mentoring.requirements import register

        # "Mentoring completed" counts towards certification tiers; idle pairs are nudged on a schedule.
        register()
        jobs_register()
        privacy_register()
        consistency_checks_register()
