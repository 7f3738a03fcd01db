"""Records of operating SocialU: erasures of people's data."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class ErasureTrigger(models.TextChoices):
    REQUEST = "request", "On request"
    RETENTION = "retention", "Retention period"


class Erasure(TenantModel):
    """One person's data was erased: when, by whom and why (never what it was)."""

    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+", db_index=False)
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    erased_by_label = models.CharField(max_length=254)
    trigger = models.CharField(max_length=12, choices=ErasureTrigger.choices)
    rows = models.PositiveIntegerField(default=0, help_text="How many rows were anonymised or removed.")

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-erased_at"], name="erasure_org_erased_at"),
            models.Index(fields=["organisation", "person"], name="erasure_org_person"),
        ]
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"Erasure of person {self.person_id} ({self.get_trigger_display()})"
