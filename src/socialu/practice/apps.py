from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "socialu.practice"
    label = "practice"
    verbose_name = "Practice sandbox"

    def ready(self) -> None:
        from socialu.practice.consistency import consistency_checks_register
        from socialu.practice.evidence import register
        from socialu.practice.home import home_panels_register

        # Passed practice reviews count as evidence for certification tiers.
        register()
        home_panels_register()

        from socialu.practice.privacy import privacy_register

        privacy_register()
        consistency_checks_register()
