"""Certification tiers, their requirements, and the certificates people earn.

A tier (Ambassador, Practitioner, Professional by default) lists requirements;
each requirement names a *kind* from the registry in
:mod:`socialu.certification.requirements` and carries that kind's parameters.
A certificate records who earned which tier, when it expires, whether it was
revoked, and a snapshot of the evidence, so that it stays true to what was
earned when the curriculum moves on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class Tier(TenantModel):
    """A level of certification an organisation awards."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(default=1, help_text="Higher ranks are higher tiers.")
    validity_months = models.PositiveSmallIntegerField(default=12)
    reminder_days = models.PositiveSmallIntegerField(
        default=30, help_text="How many days before expiry the holder is reminded to recertify."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="unique_tier_slug_per_org")]
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return self.name


class Requirement(TenantModel):
    """One thing a person must have done to earn a tier."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(max_length=40, help_text="A key of the requirement registry.")
    parameters = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "tier"], name="requirement_org_tier")]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.tier_id}"


class Certificate(TenantModel):
    """A tier one person earned: valid until it expires or is revoked."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=24, unique=True, help_text="Public verification code.")
    holder_name = models.CharField(max_length=200)
    tier_name = models.CharField(max_length=80)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "person", "tier"], name="certificate_org_person_tier"),
            models.Index(fields=["organisation", "tier", "expires_at"], name="certificate_org_tier_expiry"),
        ]
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.tier_name} for {self.holder_name} ({self.code})"

    @property
    def display_code(self) -> str:
        """The code as printed, in groups of four: ABCD-EFGH-JKMN."""
        return "-".join(self.code[start : start + 4] for start in range(0, len(self.code), 4))


class StandingReminder(TenantModel):
    """A reminder sent to a certified person that something outstanding keeps them out of the register.

    One per person and outstanding item (for example one policy version to
    acknowledge), so that nobody is reminded of the same thing twice.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=120, help_text="What was outstanding, as the standing condition names it.")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "key"], name="unique_standing_reminder_per_person_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} reminded of {self.key}"
