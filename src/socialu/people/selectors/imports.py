"""Roster import jobs: recent runs, progress and rejected rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.people.models import RosterImportJob

# --- Roster imports --------------------------------------------------------


def roster_jobs_recent(*, organisation: Organisation, limit: int = 10) -> list[RosterImportJob]:
    """Return the organisation's latest roster imports, newest first."""
    return list(
        RosterImportJob.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at")[:limit]
    )


def progress_cache_key(job_id: int) -> str:
    """Return the cache key under which a running import shares its progress."""
    return f"socialu:roster-job:{job_id}:progress"


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int


def roster_job_progress(*, job: RosterImportJob) -> JobProgress:
    """Return how far a job has got, from the job row or, mid-transaction, the shared cache."""
    done, total = job.rows_done, job.rows_total
    cached = cache.get(progress_cache_key(job.pk))
    if isinstance(cached, tuple | list) and len(cached) == 2 and int(cached[0]) > done:
        done, total = int(cached[0]), int(cached[1])
    return JobProgress(done=done, total=max(total, done))


def roster_job_get(*, organisation: Organisation, job_id: int) -> RosterImportJob | None:
    """Return the organisation's roster import with this id, or None."""
    return RosterImportJob.objects.filter(organisation=organisation, pk=job_id).select_related("created_by").first()


ERROR_CSV_HEADER = ["Line", "Employee ID", "Column", "Field", "Value", "What to do"]


def roster_job_error_rows(*, job: RosterImportJob) -> list[list[str]]:
    """Return a header and one row per rejected row of *job*, safe to open in a spreadsheet."""
    errors: list[dict[str, object]] = (job.result or {}).get("errors", [])
    rows = [ERROR_CSV_HEADER]
    rows.extend(
        [spreadsheet_safe(error.get(key)) for key in ("line", "employee_id", "column", "field", "value", "message")]
        for error in errors
    )
    return rows
