"""The dashboard's scheduled job: count the programme figures again."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.dashboard.services import dashboard_refresh


def refresh(organisation: Organisation) -> str:
    """Count the dashboard's figures from the raw tables and keep them."""
    dashboard_refresh(organisation=organisation)
    return "The dashboard's figures were counted again."


def jobs_register() -> None:
    """Add the dashboard's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="dashboard.refresh",
            title="Refresh the programme dashboard",
            description="Counts the dashboard's figures again, so it is never more than an hour old even "
            "when nothing marked it out of date.",
            every=timedelta(hours=1),
            run=refresh,
        )
    )
