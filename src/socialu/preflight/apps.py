from django.apps import AppConfig


class PreflightConfig(AppConfig):
    name = "socialu.preflight"
    label = "preflight"
    verbose_name = "Policy pre-flight check"
