"""What a worker does when it starts after a crash: interrupted imports are undone and their jobs failed.

The job page then says what happened and offers to run the same import again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from socialu.core.models import Organisation
from socialu.core.scheduling import worker_startup_run
from socialu.people.jobs import INTERRUPTED_MESSAGE
from socialu.people.models import Person, RosterImportJob, RosterImportStatus
from socialu.people.roster.staging import job_running_lock

pytestmark = pytest.mark.django_db

ROSTER = "Employee ID,Name,Email\nE1,Ada Boss,ada@acme.example\nE2,Ben Clerk,ben@acme.example\n"


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR  # type: ignore[no-any-return]


def _running_job(organisation: Organisation, tmp_path: Path, *, dry_run: bool = False) -> RosterImportJob:
    stored = tmp_path / "stored-roster.csv"
    stored.write_text(ROSTER, encoding="utf-8")
    return RosterImportJob.objects.create(
        organisation=organisation,
        original_filename="roster.csv",
        stored_path=str(stored),
        status=RosterImportStatus.RUNNING,
        dry_run=dry_run,
    )


def test_a_job_left_running_by_a_dead_worker_is_marked_failed_when_a_worker_starts(
    organisation: Organisation, tmp_path: Path
) -> None:
    job = _running_job(organisation, tmp_path)

    summaries = worker_startup_run()

    job.refresh_from_db()
    assert job.status == RosterImportStatus.FAILED
    assert job.error_message == INTERRUPTED_MESSAGE
    assert job.finished_at is not None
    assert any("1 job(s) marked as failed" in summary for summary in summaries)


def test_a_job_another_live_worker_is_running_is_left_alone(organisation: Organisation, tmp_path: Path) -> None:
    job = _running_job(organisation, tmp_path)

    with job_running_lock(job.pk):
        worker_startup_run()

    job.refresh_from_db()
    assert job.status == RosterImportStatus.RUNNING


def test_the_page_of_an_interrupted_import_explains_and_runs_it_again(
    organisation: Organisation,
    tmp_path: Path,
    admin_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = _running_job(organisation, tmp_path)
    worker_startup_run()

    page = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk]))
    html = page.content.decode()
    assert "The import was interrupted" in html
    assert reverse("roster_import_retry", args=[organisation.slug, job.pk]) in html

    with django_capture_on_commit_callbacks(execute=True):
        retried = admin_client.post(reverse("roster_import_retry", args=[organisation.slug, job.pk]))

    again = RosterImportJob.objects.exclude(pk=job.pk).get()
    assert retried["Location"] == reverse("roster_import_job", args=[organisation.slug, again.pk])
    # The tests run tasks at once: the retried import has run.
    again.refresh_from_db()
    assert again.status == RosterImportStatus.SUCCEEDED
    assert not again.dry_run
    assert set(Person.objects.filter(organisation=organisation).values_list("employee_id", flat=True)) == {"E1", "E2"}


def test_no_retry_is_offered_when_the_file_is_gone(
    organisation: Organisation, tmp_path: Path, admin_client: Client
) -> None:
    job = _running_job(organisation, tmp_path)
    worker_startup_run()
    Path(job.stored_path).unlink()

    page = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk]))
    assert reverse("roster_import_retry", args=[organisation.slug, job.pk]) not in page.content.decode()
    admin_client.post(reverse("roster_import_retry", args=[organisation.slug, job.pk]))
    assert RosterImportJob.objects.count() == 1


def test_another_organisations_job_cannot_be_retried(
    organisation: Organisation, other_organisation: Organisation, tmp_path: Path, admin_client: Client
) -> None:
    theirs = _running_job(other_organisation, tmp_path)
    worker_startup_run()

    response = admin_client.post(reverse("roster_import_retry", args=[organisation.slug, theirs.pk]))

    assert response.status_code == 404
    assert RosterImportJob.objects.count() == 1
