"""What SCIM keeps beside the roster: the identity provider's own names for people and units."""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class ScimUser(TenantModel):
    """A roster person as the identity provider sees them: userName, externalId and the attributes it sent.

    The person's roster fields (name, email, employee id, job title, unit,
    manager, active) are written through the people services from these
    attributes; ``attributes`` keeps what the provider sent so that it reads
    back exactly what it wrote. A deleted User is deactivated, never removed.
    """

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="scim_user")
    user_name = models.CharField(max_length=254)
    external_id = models.CharField(max_length=254, blank=True)
    attributes = models.JSONField(default=dict)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user_name"], name="scim_user_unique_user_name"),
        ]
        indexes = [models.Index(fields=["organisation", "external_id"], name="scim_user_org_external")]

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(TenantModel):
    """A unit provisioned as a SCIM Group; deleting the Group unlinks it and leaves the unit and its people."""

    unit = models.OneToOneField("people.Unit", on_delete=models.CASCADE, related_name="scim_group")
    external_id = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "external_id"], name="scim_group_org_external")]

    def __str__(self) -> str:
        return f"Group for unit {self.unit_id}"
