"""Units (a tree) and the people of an organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.audiences import Audience
from socialu.core.models import TenantModel

UNIT_PATH_SEPARATOR = " › "


class UnitKind(models.TextChoices):
    DIVISION = "division", "Division"
    DEPARTMENT = "department", "Department"
    TEAM = "team", "Team"


class GenerationBand(models.TextChoices):
    """Optional, self-declared; used only to suggest reverse mentoring pairs."""

    BABY_BOOMER = "baby_boomer", "Baby boomer (1946–1964)"
    GEN_X = "gen_x", "Generation X (1965–1980)"
    MILLENNIAL = "millennial", "Millennial (1981–1996)"
    GEN_Z = "gen_z", "Generation Z (1997–2012)"


class Unit(TenantModel):
    """A division, department or team. ``path`` spells out its place in the tree."""

    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    kind = models.CharField(max_length=16, choices=UnitKind.choices, default=UnitKind.TEAM)
    path = models.CharField(max_length=1000, help_text="Names from the top of the tree, joined by ' › '.")
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path"], name="unique_unit_path_per_organisation")
        ]
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path


class Person(TenantModel):
    """Someone in the workforce (or an external partner) who may take part."""

    employee_id = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False)
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.OBSERVER)
    job_title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports", db_index=False
    )
    manager_employee_id = models.CharField(
        max_length=64, blank=True, help_text="The manager's employee id as the HR system gives it."
    )
    generation_band = models.CharField(max_length=16, choices=GenerationBand.choices, blank=True)
    is_external = models.BooleanField(default=False, help_text="An external partner rather than an employee.")
    audience_rule = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="The audience rule that set the audience at the last import, if any.",
    )
    is_active = models.BooleanField(default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    roster_fingerprint = models.BigIntegerField(
        default=0, help_text="Hash of the values last imported from a roster; an unchanged row is skipped."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "employee_id"], name="unique_employee_id_per_organisation"),
            models.UniqueConstraint(fields=["organisation", "email"], name="unique_email_per_organisation"),
        ]
        indexes = [
            # The directory lists active people by name: this index serves the
            # count and every page without touching the table.
            models.Index(fields=["organisation", "is_active", "name"], name="person_org_active_name"),
            # Lets the database list an organisation's distinct locations from the index alone.
            models.Index(fields=["organisation", "location"], name="person_org_location"),
            models.Index(fields=["organisation", "unit"], name="person_org_unit"),
            # Alone rather than after organisation: deleting a person makes the
            # database look up their direct reports by manager id only.
            models.Index(fields=["manager"], name="person_manager"),
        ]
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"


class RosterImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    REJECTED = "rejected", "Rows rejected, nothing written"
    FAILED = "failed", "Failed"


class RosterImportJob(TenantModel):
    """One roster import run from the web page or the API, tracked for progress."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    original_filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=1000, help_text="Where the uploaded file is kept in the data directory.")
    mapping = models.JSONField(
        default=dict, blank=True, help_text="File header → person field, when chosen explicitly."
    )
    dry_run = models.BooleanField(default=True)
    full_sync = models.BooleanField(default=False)
    encoding = models.CharField(
        max_length=40, blank=True, help_text="The CSV file's encoding, when chosen; empty means detected."
    )
    confirm_deactivations = models.BooleanField(
        default=False, help_text="A full sync may deactivate more than the share allowed without confirmation."
    )
    status = models.CharField(max_length=16, choices=RosterImportStatus.choices, default=RosterImportStatus.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"], name="roster_job_org_created")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Roster import of {self.original_filename} ({self.get_status_display()})"


class AudienceRuleKind(models.TextChoices):
    TOP_OF_TREE = "top_of_tree", "Top of the tree (no manager, has direct reports)"
    JOB_TITLE = "job_title", "Job title contains one of these words"
    HAS_DIRECT_REPORTS = "has_direct_reports", "Has direct reports"
    MAX_DEPTH = "max_depth", "At most this many levels below the top"
    UNIT = "unit", "In this unit (or below it)"
    EXTERNAL = "external", "External partner"


class AudienceRule(TenantModel):
    """One rule of an organisation's audience assignment, tried in order when a roster has no audience column."""

    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=32, choices=AudienceRuleKind.choices)
    value = models.CharField(
        max_length=500, blank=True, help_text="Words for a job title rule, a unit path, or a number of levels."
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "position"], name="audience_rule_org_position"),
        ]
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Audience rule {self.position}: {self.kind} → {self.audience}"
