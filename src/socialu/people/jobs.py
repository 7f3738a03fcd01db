"""The people app's scheduled job: delete uploaded roster files after the organisation's retention period."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register, worker_startup_register
from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.retention import roster_uploads_delete, spooled_uploads_delete
from socialu.people.roster.staging import job_is_running, roster_journals_recover

INTERRUPTED_MESSAGE = (
    "The import was interrupted (the server or its background worker stopped while it ran). "
    "Nothing of it was kept: the people are as they were before. Run it again."
)


def upload_cleanup(organisation: Organisation) -> str:
    """Delete roster files uploaded longer ago than the organisation keeps them, and abandoned spooled uploads."""
    days = organisation.upload_retention_days
    deleted = roster_uploads_delete(organisation=organisation, uploaded_before=timezone.now() - timedelta(days=days))
    hours = int(settings.UPLOAD_TEMP_MAX_AGE_HOURS)
    spooled = spooled_uploads_delete(older_than=timedelta(hours=hours))
    summary = f"{deleted} uploaded roster file(s) older than {days} days deleted."
    if spooled:
        summary += f" {spooled} unfinished upload(s) older than {hours} hours deleted."
    return summary


def roster_imports_recover() -> str:
    """Undo imports a dead process left half-applied; mark its jobs still "running" as failed.

    Run when a worker starts. A job counts as interrupted when no live process
    holds its running lock, so jobs that another worker is running are left alone.
    """
    undone = roster_journals_recover()
    interrupted = [
        job_id
        for job_id in RosterImportJob.objects.filter(status=RosterImportStatus.RUNNING).values_list("pk", flat=True)
        if not job_is_running(job_id)
    ]
    RosterImportJob.objects.filter(pk__in=interrupted, status=RosterImportStatus.RUNNING).update(
        status=RosterImportStatus.FAILED, error_message=INTERRUPTED_MESSAGE, finished_at=timezone.now()
    )
    if not undone and not interrupted:
        return ""
    return f"{len(undone)} interrupted roster import(s) rolled back; {len(interrupted)} job(s) marked as failed."


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
    worker_startup_register("people.roster_imports_recover", roster_imports_recover)
