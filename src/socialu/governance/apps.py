from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "socialu.governance"
    label = "governance"
    verbose_name = "Governance"
