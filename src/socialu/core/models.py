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
    # Operating settings, kept by the organisation's programme admins.
    require_mfa_for_admins = models.BooleanField(
        default=False,
        help_text="Programme admins must use two-step sign-in (an authenticator app or a security key).",
    )
    upload_retention_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Uploaded roster files are deleted this many days after upload.",
    )
    inactive_person_retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(36500)],
        help_text="Erase people this many days after they became inactive. Empty: keep them.",
    )

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


class JobOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ScheduledJobState(TenantModel):
    """One scheduled job in one organisation: its settings, when it last ran and when it runs next."""

    job_key = models.CharField(max_length=80)
    enabled = models.BooleanField(default=True)
    every_hours = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 366)],
        help_text="How often it runs, in hours. Empty: the job's own default.",
    )
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=12, choices=JobOutcome.choices, blank=True)
    last_summary = models.TextField(blank=True)
    last_trigger = models.CharField(max_length=40, blank=True, help_text="schedule, or who ran it by hand.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "job_key"], name="unique_scheduled_job_per_organisation")
        ]
        indexes = [models.Index(fields=["next_run_at"], name="scheduled_job_next_run")]
        ordering = ["job_key"]

    def __str__(self) -> str:
        return f"{self.job_key} in {self.organisation_id}"


class WorkerHeartbeat(models.Model):
    """A running ``socialu worker`` says it is alive; ``/readyz`` reads the newest."""

    name = models.CharField(max_length=200, unique=True, help_text="host:process id")
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.name} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"


class AuditAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Changed"
    DELETED = "deleted", "Deleted"


class AuditVia(models.TextChoices):
    WEB = "web", "Browser"
    API = "api", "API token"
    CLI = "cli", "Command line"


class AuditEntry(TenantModel):
    """One change made by an admin, facilitator, API token or the command line: who, when, what, before and after."""

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    actor_label = models.CharField(max_length=254, help_text="The actor's email (kept if the account goes).")
    actor_roles = models.CharField(max_length=200, blank=True)
    via = models.CharField(max_length=8, choices=AuditVia.choices)
    api_token = models.CharField(max_length=120, blank=True, help_text="The token's name and prefix.")
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=8, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, help_text="app_label.model")
    object_type_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True, help_text="field → [before, after]")

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            models.Index(fields=["organisation", "object_type", "object_id"], name="audit_org_object"),
            models.Index(fields=["organisation", "actor", "-at"], name="audit_org_actor"),
        ]
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.object_type} {self.object_id}"
