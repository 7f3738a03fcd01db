from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "socialu.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from socialu.governance.home import home_panels_register
        from socialu.governance.policies.requirements import policy_acknowledged_register
        from socialu.governance.standing import standing_register

        policy_acknowledged_register()
        standing_register()
        home_panels_register()

        from socialu.governance.jobs import jobs_register

        jobs_register()

        from socialu.governance.privacy import privacy_register

        privacy_register()
