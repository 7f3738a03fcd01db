from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "socialu.escalation"
    label = "escalation"
    verbose_name = "Escalation and response"

    def ready(self) -> None:
        from socialu.escalation.privacy import privacy_register

        privacy_register()
