from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "socialu.readiness"
    label = "readiness"
    verbose_name = "Readiness assessment"
