"""Roster imports in the background: running a queued job, within its limits, and reporting progress.

Neither the web page nor the API imports a roster itself: they store the
upload and queue a job through ``people.imports.services``; a worker
(``socialu worker --queues imports``) runs :func:`roster_import_run`, which
reports progress on the job.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.tasks import task
from django.utils import timezone

from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.selectors import progress_cache_key

logger = logging.getLogger(__name__)

# Progress is written at most this often, so a 100,000-row file costs a few
# dozen cheap UPDATEs rather than one per row.
PROGRESS_INTERVAL_SECONDS = 0.5
PROGRESS_INTERVAL_ROWS = 5000
PROGRESS_CACHE_SECONDS = 24 * 60 * 60
FINISH_ATTEMPTS = 5

UNEXPECTED_FAILURE_MESSAGE = (
    "The import stopped because of an unexpected problem on the server. "
    "Try again; if it happens again, tell whoever runs SocialU (the details are in the server log)."
)
MISSING_FILE_MESSAGE = "The uploaded file is no longer on the server. Upload it again."
TIME_LIMIT_MESSAGE = (
    "The import was stopped because it ran for more than {minutes} minute(s), the limit for one import. "
    "Nothing was changed. Split the file, or ask whoever runs SocialU to raise SOCIALU_IMPORT_TIME_LIMIT_SECONDS."
)
MEMORY_LIMIT_MESSAGE = (
    "The import was stopped because it needed more memory than one import may use. Nothing was changed. "
    "Check that the file holds only the roster (no huge cells or empty columns), or split it."
)


class _ProgressRecorder:
    """Record rows done on the job, at most every half second or every few thousand rows.

    A real import writes inside one transaction, and an UPDATE made inside it
    stays invisible to the web page until the end (SQLite would not even let a
    second connection write). So progress also goes to the shared cache, which
    the job page reads; outside a transaction it is written on the job too.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last_time = 0.0
        self.last_rows = -PROGRESS_INTERVAL_ROWS

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        finished = bool(total) and done >= total
        recently = now - self.last_time < PROGRESS_INTERVAL_SECONDS
        if not finished and recently and done - self.last_rows < PROGRESS_INTERVAL_ROWS:
            return
        self.last_time = now
        self.last_rows = done
        total = max(total, done)
        cache.set(progress_cache_key(self.job_id), (done, total), timeout=PROGRESS_CACHE_SECONDS)
        if not transaction.get_connection().in_atomic_block:
            RosterImportJob.objects.filter(pk=self.job_id).update(rows_done=done, rows_total=total)


def _finish(job_id: int, **fields: Any) -> None:
    """Record the job's outcome; a locked or lost database is tried again a few times before giving up."""
    for attempt in range(FINISH_ATTEMPTS):
        try:
            RosterImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)
        except OperationalError:
            if attempt == FINISH_ATTEMPTS - 1:
                raise
            logger.warning("Could not record the outcome of roster import job %s yet; trying again", job_id)
            connection.close()
            time.sleep(2**attempt)
        else:
            return


class ImportTimeLimitError(Exception):
    """The import ran longer than SOCIALU_IMPORT_TIME_LIMIT_SECONDS."""


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise ImportTimeLimitError in this thread after *seconds* (only on the main thread of a worker)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise ImportTimeLimitError

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@task(queue_name="imports")
def roster_import_run(job_id: int) -> str:
    """Run the roster import of job *job_id* and record its outcome on the job."""
    from socialu.people.roster.staging import job_running_lock

    # Held from before the job is claimed until its outcome is recorded: a worker that starts
    # meanwhile sees the job as running in a live process, not as interrupted.
    with job_running_lock(job_id):
        return _run_job(job_id)


def _run_job(job_id: int) -> str:
    job = RosterImportJob.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None:
        logger.warning("Roster import job %s no longer exists", job_id)
        return "missing"
    claimed = RosterImportJob.objects.filter(pk=job_id, status=RosterImportStatus.QUEUED).update(
        status=RosterImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        # Another worker has it, or it already ran: running it twice would only repeat the work.
        return job.status
    path = Path(job.stored_path)
    if path.is_file():
        outcome = _outcome(job, path)
    else:
        outcome = {"status": RosterImportStatus.FAILED, "error_message": MISSING_FILE_MESSAGE}
    _finish(job_id, **outcome)
    if not job.dry_run or outcome["status"] != RosterImportStatus.SUCCEEDED:
        # Done with: only the job's report (counts and rejected rows) is kept. A dry run that
        # passed keeps its file for "Import for real"; the retention job deletes it otherwise.
        path.unlink(missing_ok=True)
    cache.delete(progress_cache_key(job_id))
    return str(outcome["status"])


def _outcome(job: RosterImportJob, path: Path) -> dict[str, Any]:
    """Run the job's import within the time limit; return the fields that record its outcome."""
    from socialu.people.roster import ImportChoices, RosterImportError, roster_import

    failed = RosterImportStatus.FAILED
    limit = int(settings.SOCIALU_IMPORT_TIME_LIMIT_SECONDS)
    try:
        with _time_limit(limit):
            result = roster_import(
                organisation=job.organisation,
                path=path,
                filename=job.original_filename,
                mapping=dict(job.mapping) if job.mapping else None,
                dry_run=job.dry_run,
                full_sync=job.full_sync,
                progress=_ProgressRecorder(job.pk),
                choices=ImportChoices(encoding=job.encoding or None, confirm_deactivations=job.confirm_deactivations),
            )
    except ImportTimeLimitError:
        return {"status": failed, "error_message": TIME_LIMIT_MESSAGE.format(minutes=max(1, limit // 60))}
    except MemoryError:
        logger.exception("Roster import job %s ran out of memory", job.pk)
        return {"status": failed, "error_message": MEMORY_LIMIT_MESSAGE}
    except RosterImportError as error:
        return {"status": failed, "error_message": str(error)}
    except Exception:
        logger.exception("Roster import job %s failed unexpectedly", job.pk)
        return {"status": failed, "error_message": UNEXPECTED_FAILURE_MESSAGE}
    status = RosterImportStatus.REJECTED if result.rejected else RosterImportStatus.SUCCEEDED
    return {"status": status, "result": result.to_dict(), "rows_done": result.rows, "rows_total": result.rows}
