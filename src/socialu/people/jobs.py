"""The people app's scheduled job: delete uploaded roster files after the organisation's retention period."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.people.retention import roster_uploads_delete


def upload_cleanup(organisation: Organisation) -> str:
    """Delete roster files uploaded longer ago than the organisation keeps them."""
    days = organisation.upload_retention_days
    deleted = roster_uploads_delete(organisation=organisation, uploaded_before=timezone.now() - timedelta(days=days))
    return f"{deleted} uploaded roster file(s) older than {days} days deleted."


def jobs_register() -> None:
    """Add the people app's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="people.upload_cleanup",
            title="Delete old roster uploads",
            description="Deletes uploaded roster files once they are older than the organisation's retention "
            "period (30 days unless changed); files an import is still using are kept.",
            every=timedelta(days=1),
            run=upload_cleanup,
        )
    )
