from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "socialu.coaching"
    label = "coaching"
    verbose_name = "Executive coaching"

    def ready(self) -> None:
        from socialu.coaching.consistency import consistency_checks_register
        from socialu.coaching.evidence import requirement_kind_register_coaching
        from socialu.coaching.privacy import privacy_register

        requirement_kind_register_coaching()
        privacy_register()
        consistency_checks_register()
