"""The champions network's scheduled job: the monthly digest email."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.skills.champions.services import digest_send


def monthly_digest(organisation: Organisation) -> str:
    """Send the champions' monthly digest."""
    sent = digest_send(organisation=organisation)
    return f"Champions digest sent to {sent} champion(s) and sponsor(s)."


def jobs_register() -> None:
    """Add the champions' digest to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="champions.monthly_digest",
            title="Send the champions' monthly digest",
            description="Emails every champion and executive sponsor the month's announcements and the "
            "divisions and locations that still have no champion.",
            every=timedelta(days=30),
            run=monthly_digest,
        )
    )
