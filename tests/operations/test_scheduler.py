"""One scheduler: jobs apps register, run per organisation by the worker, listed and run by hand, shown to admins."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from socialu.core.models import JobOutcome, Organisation, ScheduledJobState
from socialu.core.scheduling import (
    ScheduledJob,
    job_settings_update,
    scheduled_job_register,
    scheduled_jobs,
    scheduler_tick,
)
from socialu.people.imports.services import organisation_upload_dir
from socialu.people.models import RosterImportJob, RosterImportStatus

EXPECTED_JOBS = {
    "certification.award_and_expiry",
    "champions.monthly_digest",
    "dashboard.refresh",
    "governance.registry_check",
    "learning.enrolment_reminders",
    "people.upload_cleanup",
    "privacy.inactive_people",
    "sessions.offers_expire",
}


def test_the_apps_register_their_jobs() -> None:
    assert {job.key for job in scheduled_jobs()} >= EXPECTED_JOBS


def test_a_due_job_runs_once_per_organisation_and_is_not_claimed_twice(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    ran: list[str] = []

    def count(org: Organisation) -> str:
        ran.append(org.slug)
        return "counted"

    scheduled_job_register(
        ScheduledJob(
            key="tests.counting",
            title="Count",
            description="A job the tests watch.",
            every=timedelta(hours=6),
            run=count,
        )
    )
    try:
        now = timezone.now()
        queued = scheduler_tick(now=now)
        assert ("acme", "tests.counting") in queued and ("globex", "tests.counting") in queued
        assert sorted(ran) == ["acme", "globex"]
        # The next tick finds nothing due: each state moved six hours on.
        assert ("acme", "tests.counting") not in scheduler_tick(now=now + timedelta(minutes=1))
        state = ScheduledJobState.objects.get(organisation=organisation, job_key="tests.counting")
        assert state.last_outcome == JobOutcome.SUCCEEDED and state.last_summary == "counted"
        assert state.next_run_at == now + timedelta(hours=6)
        assert ("acme", "tests.counting") in scheduler_tick(now=now + timedelta(hours=6, seconds=1))
    finally:
        from socialu.core import scheduling

        scheduling._JOBS.pop("tests.counting", None)


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(organisation: Organisation) -> None:
    def explode(org: Organisation) -> str:
        raise RuntimeError("the mail server said no")

    scheduled_job_register(
        ScheduledJob(key="tests.failing", title="Fail", description="", every=timedelta(days=1), run=explode)
    )
    try:
        scheduler_tick()
        failed = ScheduledJobState.objects.get(organisation=organisation, job_key="tests.failing")
        assert failed.last_outcome == JobOutcome.FAILED
        assert "the mail server said no" in failed.last_summary
        refreshed = ScheduledJobState.objects.get(organisation=organisation, job_key="dashboard.refresh")
        assert refreshed.last_outcome == JobOutcome.SUCCEEDED
    finally:
        from socialu.core import scheduling

        scheduling._JOBS.pop("tests.failing", None)


def test_an_organisation_switches_a_job_off_or_changes_how_often(organisation: Organisation) -> None:
    job_settings_update(organisation=organisation, job_key="dashboard.refresh", enabled=False, every_hours=None)
    assert ("acme", "dashboard.refresh") not in scheduler_tick()
    state = job_settings_update(organisation=organisation, job_key="dashboard.refresh", enabled=True, every_hours=12)
    assert state.every_hours == 12 and state.next_run_at is not None
    with pytest.raises(ValueError, match="from 1 to 8784"):
        job_settings_update(organisation=organisation, job_key="dashboard.refresh", enabled=True, every_hours=0)


def test_admins_see_last_and_next_runs_and_run_a_job_now(organisation: Organisation, admin_client: Client) -> None:
    call_command("jobs", "run", "dashboard.refresh", "--org", "acme", stdout=io.StringIO())
    page = admin_client.get("/o/acme/operations/").content.decode()
    assert "Refresh the programme dashboard" in page
    assert "Succeeded" in page and "The dashboard&#x27;s figures were counted again." in page
    assert "Remind people about overdue learning" in page and "Not run yet" in page

    admin_client.post("/o/acme/operations/jobs/governance.registry_check/run/")

    state = ScheduledJobState.objects.get(organisation=organisation, job_key="governance.registry_check")
    assert state.last_outcome == JobOutcome.SUCCEEDED and state.last_trigger == "by admin@acme.example"
    saved = admin_client.post("/o/acme/operations/jobs/learning.enrolment_reminders/", {"every_hours": "48"})
    assert saved.status_code == 302
    reminders = ScheduledJobState.objects.get(organisation=organisation, job_key="learning.enrolment_reminders")
    assert not reminders.enabled and reminders.every_hours == 48


def test_jobs_list_shows_every_job_of_every_organisation(organisation: Organisation) -> None:
    out = io.StringIO()
    call_command("jobs", "list", stdout=out)
    for key in EXPECTED_JOBS:
        assert key in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="There is no scheduled job called 'nope'"):
        call_command("jobs", "run", "nope")


def test_uploaded_roster_files_are_deleted_after_the_retention_period(organisation: Organisation) -> None:
    folder = organisation_upload_dir(organisation=organisation)
    folder.mkdir(parents=True, exist_ok=True)
    old, fresh, in_use = (folder / name for name in ("aa-old.csv", "bb-fresh.csv", "cc-in-use.csv"))
    for path in (old, fresh, in_use):
        path.write_text("Employee ID\n", encoding="utf-8")
    forty_days_ago = time.time() - 40 * 24 * 3600
    for path in (old, in_use):
        os.utime(path, (forty_days_ago, forty_days_ago))
    RosterImportJob.objects.create(
        organisation=organisation, original_filename="x.csv", stored_path=str(in_use), status=RosterImportStatus.QUEUED
    )

    call_command("jobs", "run", "people.upload_cleanup", "--org", "acme", stdout=io.StringIO())

    assert not old.exists()
    assert fresh.exists() and in_use.exists()
    state = ScheduledJobState.objects.get(organisation=organisation, job_key="people.upload_cleanup")
    assert state.last_summary == "1 uploaded roster file(s) older than 30 days deleted."


def test_the_real_worker_records_its_heartbeat_and_runs_due_jobs_through_the_task_queue(tmp_path: Path) -> None:
    import json

    from tests.operations.installations import (
        Installation,
        postgres_database_create,
        postgres_database_drop,
        postgres_url,
    )

    base_url = postgres_url()
    database_url = postgres_database_create(base_url, "worker") if base_url else None
    try:
        installation = Installation(data_dir=tmp_path / "var", database_url=database_url)
        installation.run("migrate", "--noinput")
        installation.run("org", "create", "acme", "--name", "Acme")

        installation.run("worker", "--batch")

        jobs = json.loads(installation.run("jobs", "list", "--org", "acme", "--json").stdout)
        assert {job["job"] for job in jobs} >= EXPECTED_JOBS
        assert {job["last_outcome"] for job in jobs} == {"succeeded"}, jobs
        assert all(job["next_run_at"] for job in jobs)
        probe = "from django.test import Client; print(Client(SERVER_NAME='localhost').get('/readyz').status_code)"
        ready = installation.run("shell", "--no-imports", "-c", probe)
        assert ready.stdout.strip().splitlines()[-1] == "200", "a worker that just ran makes /readyz answer ready"
    finally:
        if database_url:
            postgres_database_drop(database_url)
