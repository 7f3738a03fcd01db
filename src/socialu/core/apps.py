from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socialu.core"
    label = "core"
    verbose_name = "SocialU core"

    def ready(self) -> None:
        from socialu.core.audit import audit_signals_connect

        audit_signals_connect()
