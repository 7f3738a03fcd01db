from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socialu.core"
    label = "core"
    verbose_name = "SocialU core"
