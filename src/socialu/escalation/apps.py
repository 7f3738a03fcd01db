from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "socialu.escalation"
    label = "escalation"
    verbose_name = "Escalation and response"
