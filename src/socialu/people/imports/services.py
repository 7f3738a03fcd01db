"""Roster import jobs: the one way in for the browser and the API.

An uploaded file is stored (readable by SocialU only), a :class:`RosterImportJob`
is created and :func:`~socialu.people.tasks.roster_import_run` is queued; the
job is what a page or an API client follows.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from socialu.core.models import Organisation
from socialu.people.models import RosterImportJob
from socialu.people.tasks import roster_import_run

if TYPE_CHECKING:
    from socialu.people.roster import ImportChoices

logger = logging.getLogger(__name__)


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
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"{uuid.uuid4().hex}-{safe_name}"
        # HR data: readable by the SocialU user only, whatever the umask.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as destination:
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
    """Create a queued import job for a stored file and hand it to the background worker.

    *choices* (encoding, confirmation of mass deactivation) are stored on the job.
    """
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


def roster_job_repeat(
    *, job: RosterImportJob, user_id: int | None, dry_run: bool, confirm_deactivations: bool | None = None
) -> RosterImportJob:
    """Queue the file, mapping and options of *job* again: for real after a passed dry run, or after a failure.

    The encoding is kept; *confirm_deactivations* replaces the job's confirmation when given
    (the box next to "Import for real"), else it is kept too.
    """
    from socialu.people.roster import ImportChoices

    if confirm_deactivations is None:
        confirm_deactivations = job.confirm_deactivations
    return roster_job_start(
        organisation=job.organisation,
        user_id=user_id,
        stored_path=Path(job.stored_path),
        original_filename=job.original_filename,
        mapping=dict(job.mapping or {}),
        dry_run=dry_run,
        full_sync=job.full_sync,
        choices=ImportChoices(encoding=job.encoding or None, confirm_deactivations=confirm_deactivations),
    )


def roster_job_run_now(*, job: RosterImportJob) -> str:
    """Run a queued job in this process (a small file sent through the API); return its final status.

    The copy queued for the worker finds the job already claimed and does nothing.
    """
    return str(roster_import_run.call(job.pk))
