from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "socialu.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from socialu.curriculum.signals import curriculum_paths_changed
        from socialu.learning.consistency import consistency_checks_register
        from socialu.learning.home import home_panels_register
        from socialu.learning.tasks import enrol_when_paths_change, enrol_when_people_change
        from socialu.people.signals import people_changed

        people_changed.connect(enrol_when_people_change, dispatch_uid="learning-enrol-when-people-change")
        curriculum_paths_changed.connect(enrol_when_paths_change, dispatch_uid="learning-enrol-when-paths-change")
        home_panels_register()

        from socialu.learning.jobs import jobs_register

        jobs_register()

        from socialu.learning.privacy import privacy_register

        privacy_register()
        consistency_checks_register()
