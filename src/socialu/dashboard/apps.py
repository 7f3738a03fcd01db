from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "socialu.dashboard"
    label = "dashboard"
    verbose_name = "Programme dashboard"
