from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "socialu.learning"
    label = "learning"
    verbose_name = "Learning"
