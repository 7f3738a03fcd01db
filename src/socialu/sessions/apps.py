from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "socialu.sessions"
    # Django's own session store is already called "sessions".
    label = "live_sessions"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from socialu.sessions.consistency import consistency_checks_register
        from socialu.sessions.evidence import register
        from socialu.sessions.jobs import jobs_register
        from socialu.sessions.privacy import privacy_register

        jobs_register()
        # Attendance counts as evidence for certification tiers ("session attended").
        register()
        privacy_register()
        consistency_checks_register()
