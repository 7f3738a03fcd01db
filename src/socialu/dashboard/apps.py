from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "socialu.dashboard"
    label = "dashboard"
    verbose_name = "Programme dashboard"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from socialu.certification.models import Certificate, Tier
        from socialu.certification.signals import certificates_changed
        from socialu.dashboard.listeners import invalidate_when_changed, invalidate_when_saved
        from socialu.learning.signals import learning_progress_changed
        from socialu.people.signals import people_changed

        learning_progress_changed.connect(invalidate_when_changed, dispatch_uid="dashboard-progress-changed")
        people_changed.connect(invalidate_when_changed, dispatch_uid="dashboard-people-changed")
        # Certificates issued in bulk send no post_save; the award announces them instead.
        certificates_changed.connect(invalidate_when_changed, dispatch_uid="dashboard-certificates-changed")
        for model in (Certificate, Tier):
            for signal, change in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(invalidate_when_saved, sender=model, dispatch_uid=f"dashboard-{model.__name__}-{change}")

        from socialu.dashboard.jobs import jobs_register

        jobs_register()
