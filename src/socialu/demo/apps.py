from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "socialu.demo"
    label = "demo"
    verbose_name = "Demo data"
