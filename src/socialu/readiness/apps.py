from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "socialu.readiness"
    label = "readiness"
    verbose_name = "Readiness assessment"

    def ready(self) -> None:
        from socialu.readiness.privacy import privacy_register

        privacy_register()
