"""Keeping uploaded roster files no longer than needed."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

from socialu.core.models import Organisation
from socialu.people.imports.services import organisation_upload_dir
from socialu.people.models import RosterImportJob, RosterImportStatus


def roster_uploads_delete(*, organisation: Organisation, uploaded_before: datetime) -> int:
    """Delete the organisation's uploaded roster files stored before *uploaded_before*; return how many.

    A file that a queued or running import still needs is kept whatever its age.
    """
    folder = organisation_upload_dir(organisation=organisation)
    if not folder.is_dir():
        return 0
    in_use = {
        Path(path).name
        for path in RosterImportJob.objects.filter(
            organisation=organisation, status__in=[RosterImportStatus.QUEUED, RosterImportStatus.RUNNING]
        ).values_list("stored_path", flat=True)
    }
    cutoff = uploaded_before.timestamp()
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in in_use and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def spooled_uploads_delete(*, older_than: timedelta) -> int:
    """Delete uploads spooled to disk by requests that never finished (killed, timed out); return how many.

    A request that ends normally deletes its own spooled file at once, so a file
    older than *older_than* belongs to no request.
    """
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR or "")
    if not settings.FILE_UPLOAD_TEMP_DIR or not folder.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
