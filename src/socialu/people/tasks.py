"""Roster imports in the background: storing an upload, queuing a run, running it.

The web page never imports a roster itself. It stores the uploaded file,
creates a :class:`RosterImportJob` and queues :func:`roster_import_run`, which
a worker (``socialu db_worker``) runs and which reports progress on the job.
"""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.text import get_valid_filename

from socialu.core.models import Organisation
from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.selectors import progress_cache_key

if TYPE_CHECKING:
    from socialu.people.roster import ImportChoices

logger = logging.getLogger(__name__)

# Progress is written at most this often, so a 100,000-row file costs a few
# dozen cheap UPDATEs rather than one per row.
PROGRESS_INTERVAL_SECONDS = 0.5
PROGRESS_INTERVAL_ROWS = 5000
PROGRESS_CACHE_SECONDS = 24 * 60 * 60

UNEXPECTED_FAILURE_MESSAGE = (
    "The import stopped because of an unexpected problem on the server. "
    "Try again; if it happens again, tell whoever runs SocialU (the details are in the server log)."
)
MISSING_FILE_MESSAGE = "The uploaded file is no longer on the server. Upload it again."


class RosterUploadError(Exception):
    """The uploaded file could not be kept; the message tells a person what to do."""


def organisation_upload_dir(*, organisation: Organisation) -> Path:
    """Return the folder that holds the organisation's uploaded roster files."""
    return Path(settings.UPLOAD_DIR) / str(organisation.pk)


def roster_upload_store(*, organisation: Organisation, uploaded: UploadedFile[bytes]) -> Path:
    """Write *uploaded* to the organisation's upload folder in chunks and return its path."""
    safe_name = get_valid_filename(Path(uploaded.name or "roster.csv").name)[-100:] or "roster.csv"
    folder = organisation_upload_dir(organisation=organisation)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}-{safe_name}"
        with path.open("wb") as destination:
            for chunk in uploaded.chunks():
                destination.write(chunk)
    except OSError as error:
        logger.exception("Could not store an uploaded roster for organisation %s", organisation.pk)
        raise RosterUploadError(
            "The server could not save the file. Try again in a moment; if it keeps happening, "
            "tell whoever runs SocialU that the upload folder is not writable or the disk is full."
        ) from error
    return path


def roster_upload_find(*, organisation: Organisation, upload_id: str) -> Path | None:
    """Return the stored upload called *upload_id* in the organisation's folder, or None."""
    folder = organisation_upload_dir(organisation=organisation)
    name = Path(upload_id).name
    if name != upload_id or not name or name.startswith("."):
        return None
    path = folder / name
    return path if path.is_file() else None


def upload_display_name(path: Path) -> str:
    """Return the file name a person uploaded, without the unique prefix we added."""
    _, _, rest = path.name.partition("-")
    return rest or path.name


def roster_job_start(
    *,
    organisation: Organisation,
    user_id: int | None,
    stored_path: Path,
    original_filename: str,
    mapping: dict[str, str],
    dry_run: bool,
    full_sync: bool,
    choices: ImportChoices | None = None,
) -> RosterImportJob:
    """Create a queued import job for a stored file and hand it to the background worker."""
    job = RosterImportJob.objects.create(
        organisation=organisation,
        created_by_id=user_id,
        original_filename=original_filename[:255],
        stored_path=str(stored_path),
        mapping=mapping,
        dry_run=dry_run,
        full_sync=full_sync,
        encoding=(choices.encoding or "") if choices else "",
        confirm_deactivations=bool(choices and choices.confirm_deactivations),
    )
    job_id = job.pk
    # The worker must not look for the job before the row is committed.
    transaction.on_commit(lambda: roster_import_run.enqueue(job_id))
    return job


def roster_job_repeat_for_real(
    *, job: RosterImportJob, user_id: int | None, confirm_deactivations: bool = False
) -> RosterImportJob:
    """Queue a real import of the file, mapping and options a finished dry run checked."""
    from socialu.people.roster import ImportChoices

    return roster_job_start(
        organisation=job.organisation,
        user_id=user_id,
        stored_path=Path(job.stored_path),
        original_filename=job.original_filename,
        mapping=dict(job.mapping or {}),
        dry_run=False,
        full_sync=job.full_sync,
        choices=ImportChoices(encoding=job.encoding or None, confirm_deactivations=confirm_deactivations),
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
    RosterImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)


@task
def roster_import_run(job_id: int) -> str:
    """Run the roster import of job *job_id* and record its outcome on the job."""
    from socialu.people.roster import ImportChoices, RosterImportError, roster_import

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
    if not path.is_file():
        _finish(job_id, status=RosterImportStatus.FAILED, error_message=MISSING_FILE_MESSAGE)
        return RosterImportStatus.FAILED
    try:
        result = roster_import(
            organisation=job.organisation,
            path=path,
            filename=job.original_filename,
            mapping=dict(job.mapping) if job.mapping else None,
            dry_run=job.dry_run,
            full_sync=job.full_sync,
            progress=_ProgressRecorder(job_id),
            choices=ImportChoices(encoding=job.encoding or None, confirm_deactivations=job.confirm_deactivations),
        )
    except RosterImportError as error:
        _finish(job_id, status=RosterImportStatus.FAILED, error_message=str(error))
        return RosterImportStatus.FAILED
    except Exception:
        logger.exception("Roster import job %s failed unexpectedly", job_id)
        _finish(job_id, status=RosterImportStatus.FAILED, error_message=UNEXPECTED_FAILURE_MESSAGE)
        return RosterImportStatus.FAILED
    status = RosterImportStatus.REJECTED if result.rejected else RosterImportStatus.SUCCEEDED
    _finish(job_id, status=status, result=result.to_dict(), rows_done=result.rows, rows_total=result.rows)
    cache.delete(progress_cache_key(job_id))
    return status
