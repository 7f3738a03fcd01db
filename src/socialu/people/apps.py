from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "socialu.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from socialu.people.jobs import jobs_register

        jobs_register()

        from socialu.people.privacy import privacy_register

        privacy_register()
