from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "socialu.curriculum"
    label = "curriculum"
    verbose_name = "Curriculum"
