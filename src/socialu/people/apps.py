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
        from socialu.core.api import person_resolver_register
        from socialu.people.selectors import person_for_user

        person_resolver_register(person_for_user)
