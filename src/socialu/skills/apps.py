from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "socialu.skills"
    label = "skills"
    verbose_name = "Skills and champions"

    def ready(self) -> None:
        from socialu.skills.champions.home import home_panels_register
        from socialu.skills.champions.jobs import jobs_register
        from socialu.skills.consistency import consistency_checks_register
        from socialu.skills.mentoring import mentoring_source_register
        from socialu.skills.privacy import privacy_register

        jobs_register()
        privacy_register()
        consistency_checks_register()
        home_panels_register()
        mentoring_source_register()
