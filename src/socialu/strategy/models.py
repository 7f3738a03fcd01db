"""Strategy documents and their versions: every save is a new version, old ones are never edited."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from socialu.core.models import TenantModel


class StrategyDocument(TenantModel):
    """One strategy document of an organisation, with the assumptions behind its resourcing estimate."""

    title = models.CharField(max_length=200)
    assessment = models.ForeignKey(
        "readiness.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The readiness assessment the document was generated from.",
    )
    cost_per_hour = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="What one hour of a learner's or facilitator's time costs, on average.",
    )
    currency = models.CharField(max_length=3, default="EUR", help_text="A three-letter code such as EUR or GBP.")
    target_percent = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Share of each audience the programme aims to train.",
    )
    session_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Facilitator hours for one group session, preparation included.",
    )
    group_size = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1)], help_text="Learners in one facilitated group."
    )
    coaching_hours_per_leader = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("3"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Hours of one-to-one coaching for each leader trained.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"], name="strategy_doc_org_created")]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StrategyVersion(TenantModel):
    """One saved state of a document: its sections, KPIs and the resourcing estimate as computed then."""

    document = models.ForeignKey(StrategyDocument, on_delete=models.CASCADE, related_name="versions", db_index=False)
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=list, help_text="Ordered list of {key, title, body_markdown}.")
    kpis = models.JSONField(default=list, help_text="List of {name, baseline, target, cadence}.")
    resourcing = models.JSONField(default=dict, help_text="The estimate's inputs and results when saved.")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document", "number"], name="unique_strategy_version_number"
            )
        ]
        indexes = [models.Index(fields=["document", "-number"], name="strategy_version_document")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
