"""An organisation's policy rule set, as YAML, and the history of every saved version."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class OrganisationRuleSet(TenantModel):
    """The rule set an organisation checks posts against.

    An empty ``yaml`` means the organisation uses SocialU's default rule set,
    as does an organisation with no row at all.
    """

    yaml = models.TextField(blank=True, help_text="The rule set in YAML; empty means the default rule set.")
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="unique_rule_set_per_organisation")]

    def __str__(self) -> str:
        return f"Rule set version {self.version}"


class RuleSetVersion(TenantModel):
    """One saved version of an organisation's rule set; an empty ``yaml`` records a reset to the default."""

    version = models.PositiveIntegerField()
    yaml = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="unique_rule_set_version_per_organisation")
        ]

    def __str__(self) -> str:
        return f"Rule set version {self.version}"

    @property
    def is_default(self) -> bool:
        return not self.yaml
