from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "socialu.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from socialu.operations.jobs import jobs_register
        from socialu.operations.privacy import privacy_register

        jobs_register()
        privacy_register()
