from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "socialu.community"
    label = "community"
    verbose_name = "Knowledge sharing"

    def ready(self) -> None:
        from socialu.community.consistency import consistency_checks_register
        from socialu.community.home import home_panels_register
        from socialu.community.jobs import jobs_register
        from socialu.community.privacy import privacy_register

        jobs_register()
        home_panels_register()
        privacy_register()
        consistency_checks_register()
