from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "socialu.skills"
    label = "skills"
    verbose_name = "Skills and champions"
