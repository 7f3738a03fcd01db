from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "socialu.people"
    label = "people"
    verbose_name = "People"
