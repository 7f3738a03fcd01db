"""Tenancy: organisations, the base every tenant-owned model extends, and roles."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from socialu.core.roles import Role


class Organisation(models.Model):
    """A tenant: one organisation running its own social media university."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    trained_target_percent = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Share of the workforce the programme aims to train and certify.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every row owned by an organisation.

    The organisation column carries no index of its own: every subclass
    declares a composite index or unique constraint that starts with it, which
    serves organisation-scoped queries and keeps writes cheap.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        abstract = True


class RoleAssignment(TenantModel):
    """One role held by one user in one organisation.

    A user is a member of an organisation exactly when they hold at least one
    role there; every member holds the learner role.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="unique_role_per_user_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
