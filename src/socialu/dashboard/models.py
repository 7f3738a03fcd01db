"""The programme dashboard's summary: figures counted from the raw tables, kept per organisation.

Counting a million people's progress takes seconds, so the dashboard does not
do it on every page view. A refresh counts everything once, at the grain of
(division, audience, location), and stores the result here; a page view reads
this one row and adds up the cells its filters select. Changes to people,
progress and certificates bump ``generation``; a snapshot whose
``computed_generation`` lags behind, or whose ``valid_until`` has passed, is
stale and is counted again.
"""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class DashboardSnapshot(TenantModel):
    """The latest count of an organisation's programme figures."""

    data = models.JSONField(default=dict, blank=True, help_text="The counted cells; see dashboard.selectors.")
    computed_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(
        null=True, blank=True, help_text="When a certificate expires or a new week starts, the figures change."
    )
    refresh_seconds = models.FloatField(default=0.0, help_text="How long the last count took.")
    generation = models.PositiveBigIntegerField(default=0, help_text="Bumped by every change that may move a figure.")
    computed_generation = models.PositiveBigIntegerField(default=0, help_text="The generation the data was counted at.")
    refresh_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a background count was queued; cleared when it starts."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="unique_dashboard_snapshot_per_organisation")
        ]

    def __str__(self) -> str:
        return f"Programme dashboard of organisation {self.organisation_id}"
