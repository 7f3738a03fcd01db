"""Uploaded HR files: stored readable by their owner only, deleted once the import is done with them."""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings

from socialu.core.models import Organisation
from socialu.people.imports.services import roster_upload_store
from socialu.people.jobs import upload_cleanup
from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.retention import spooled_uploads_delete
from socialu.people.tasks import roster_import_run

pytestmark = pytest.mark.django_db

GOOD = "Employee ID,Name,Email\nE1,Ada Boss,ada@acme.example\n"
BAD = "Employee ID,Name,Email\nE1,,ada@acme.example\n"


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    return settings.UPLOAD_DIR  # type: ignore[no-any-return]


def _stored_job(organisation: Organisation, content: str, *, dry_run: bool) -> tuple[RosterImportJob, Path]:
    path = roster_upload_store(organisation=organisation, uploaded=SimpleUploadedFile("roster.csv", content.encode()))
    job = RosterImportJob.objects.create(
        organisation=organisation, original_filename="roster.csv", stored_path=str(path), dry_run=dry_run
    )
    return job, path


def test_an_uploaded_roster_is_readable_by_its_owner_only(organisation: Organisation) -> None:
    previous = os.umask(0o022)
    try:
        _job, path = _stored_job(organisation, GOOD, dry_run=True)
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("content", "status"), [(GOOD, RosterImportStatus.SUCCEEDED), (BAD, RosterImportStatus.REJECTED)]
)
def test_a_real_import_deletes_its_file_and_keeps_its_report(
    organisation: Organisation, content: str, status: str
) -> None:
    job, path = _stored_job(organisation, content, dry_run=False)

    roster_import_run.call(job.pk)

    job.refresh_from_db()
    assert job.status == status
    assert not path.exists()
    assert job.result is not None
    assert job.result["rows"] == 1
    if status == RosterImportStatus.REJECTED:
        assert job.result["errors"][0]["line"] == 2


def test_a_passed_dry_run_keeps_its_file_for_the_real_import_and_a_rejected_one_does_not(
    organisation: Organisation,
) -> None:
    passed, passed_path = _stored_job(organisation, GOOD, dry_run=True)
    rejected, rejected_path = _stored_job(organisation, BAD, dry_run=True)

    roster_import_run.call(passed.pk)
    roster_import_run.call(rejected.pk)

    assert passed_path.exists()
    assert not rejected_path.exists()


def test_uploads_left_behind_by_killed_requests_are_deleted_by_the_cleanup_job(
    organisation: Organisation, settings: Settings
) -> None:
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR)
    spool.mkdir()
    old, fresh = spool / "tmpabc.upload.csv", spool / "tmpdef.upload.csv"
    old.write_text(GOOD)
    fresh.write_text(GOOD)
    seven_hours_ago = time.time() - 7 * 3600
    os.utime(old, (seven_hours_ago, seven_hours_ago))

    summary = upload_cleanup(organisation)

    assert not old.exists()
    assert fresh.exists()
    assert "1 unfinished upload(s) older than 6 hours deleted." in summary
    assert spooled_uploads_delete(older_than=timedelta(hours=6)) == 0
