"""Each import job, dry runs included, has a time and a memory limit, and runs in a queue of its own."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings

from socialu.core.models import Organisation
from socialu.people import tasks
from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.tasks import roster_import_run

pytestmark = pytest.mark.django_db


def _job(organisation: Organisation, tmp_path: Path, *, dry_run: bool) -> RosterImportJob:
    stored = tmp_path / "roster.csv"
    stored.write_text("Employee ID,Name,Email\nE1,Ada Boss,ada@acme.example\n", encoding="utf-8")
    return RosterImportJob.objects.create(
        organisation=organisation, original_filename="roster.csv", stored_path=str(stored), dry_run=dry_run
    )


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_that_runs_too_long_is_stopped_with_a_message(
    organisation: Organisation, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, dry_run: bool
) -> None:
    settings.SOCIALU_IMPORT_TIME_LIMIT_SECONDS = 1
    job = _job(organisation, tmp_path, dry_run=dry_run)

    def endless(**options: Any) -> None:
        time.sleep(30)

    monkeypatch.setattr("socialu.people.roster.roster_import", endless)
    started = time.monotonic()

    roster_import_run.call(job.pk)

    assert time.monotonic() - started < 10
    job.refresh_from_db()
    assert job.status == RosterImportStatus.FAILED
    assert "ran for more than 1 minute(s)" in job.error_message
    assert "Nothing was changed" in job.error_message


def test_an_import_that_runs_out_of_memory_fails_alone_with_a_message(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _job(organisation, tmp_path, dry_run=True)

    def greedy(**options: Any) -> None:
        raise MemoryError

    monkeypatch.setattr("socialu.people.roster.roster_import", greedy)

    assert roster_import_run.call(job.pk) == RosterImportStatus.FAILED

    job.refresh_from_db()
    assert job.error_message == tasks.MEMORY_LIMIT_MESSAGE


def test_imports_run_in_their_own_queue() -> None:
    assert roster_import_run.queue_name == "imports"
