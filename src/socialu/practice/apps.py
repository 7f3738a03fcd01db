from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "socialu.practice"
    label = "practice"
    verbose_name = "Practice sandbox"
