"""Roster import through the web pages: upload, match columns, dry run, import."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person, RosterImportJob, RosterImportStatus, Unit
from socialu.people.tasks import roster_import_run
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db

GOOD_ROSTER = (
    "Staff ID,Full Name,Work Email,Department,Reports To,Office,Favourite colour\n"
    "E1,Ada Boss,ada@acme.example,Sales,,London,blue\n"
    "E2,Ben Clerk,ben@acme.example,Sales > Europe,E1,Paris,green\n"
    "E3,Cleo Clerk,cleo@acme.example,Sales > Europe,E1,Paris,red\n"
)
BAD_ROSTER = (
    "Employee ID,Name,Email\n"
    "E1,Ada Boss,ada@acme.example\n"
    'E2,Ben Clerk,=HYPERLINK("http://evil.example")\n'
    "E3,,cleo@acme.example\n"
)


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR  # type: ignore[no-any-return]


def import_url(organisation: Organisation) -> str:
    return reverse("roster_import", args=[organisation.slug])


def upload(client: Client, organisation: Organisation, content: str, *, name: str = "roster.csv", **data: Any) -> Any:
    file = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    return client.post(import_url(organisation), {"file": file, **data})


def mapping_post_data(response: Any, **overrides: str) -> dict[str, str]:
    """Return the mapping form's fields as the browser would send them, preselected values included."""
    form = response.context["form"]
    data = {name: str(form[name].value()) for name in form.fields if name.startswith("column_")}
    if form["full_sync"].value():
        data["full_sync"] = "on"
    data.update(overrides)
    return data


def column_for(response: Any, header: str) -> str:
    form = response.context["form"]
    return str(next(name for name in form.fields if form.fields[name].label == header))


def test_upload_stores_the_file_and_suggests_a_mapping(
    admin_client: Client, organisation: Organisation, upload_dir: Path
) -> None:
    response = upload(admin_client, organisation, GOOD_ROSTER, full_sync="on")

    assert response.status_code == 302
    assert response["Location"].endswith("?full_sync=1")
    stored = list((upload_dir / str(organisation.pk)).iterdir())
    assert len(stored) == 1
    assert stored[0].name.endswith("-roster.csv")
    assert stored[0].read_text() == GOOD_ROSTER

    mapping = admin_client.get(response["Location"])

    assert mapping.status_code == 200
    form = mapping.context["form"]
    assert form[column_for(mapping, "Staff ID")].value() == "employee_id"
    assert form[column_for(mapping, "Work Email")].value() == "email"
    assert form[column_for(mapping, "Favourite colour")].value() == "ignore"
    assert form["full_sync"].value() is True
    body = mapping.content.decode()
    assert "Check the file (dry run)" in body
    assert "Ignore this column" in body


def test_upload_refuses_a_file_over_the_limit_and_says_the_limit(
    admin_client: Client, organisation: Organisation, settings: Settings, upload_dir: Path
) -> None:
    settings.SOCIALU_MAX_UPLOAD_BYTES = 100

    response = upload(admin_client, organisation, GOOD_ROSTER)

    assert response.status_code == 400
    body = response.content.decode()
    assert "the largest file you can upload is 100\xa0bytes" in body
    assert not upload_dir.exists() or not any(upload_dir.rglob("*.csv"))


def test_upload_refuses_an_unsupported_file_type(admin_client: Client, organisation: Organisation) -> None:
    response = upload(admin_client, organisation, "%PDF-1.4", name="roster.pdf", full_sync="on")

    assert response.status_code == 400
    assert "This file type is not supported" in response.content.decode()
    assert response.context["form"]["full_sync"].value() is True


def test_mapping_errors_keep_every_choice(admin_client: Client, organisation: Organisation) -> None:
    mapping = admin_client.get(upload(admin_client, organisation, GOOD_ROSTER)["Location"])
    email_column = column_for(mapping, "Work Email")
    colour_column = column_for(mapping, "Favourite colour")
    data = mapping_post_data(mapping, **{email_column: "ignore", colour_column: "job_title", "full_sync": "on"})

    response = admin_client.post(mapping.request["PATH_INFO"], data)

    assert response.status_code == 400
    assert "Choose a column for: Email" in response.content.decode()
    form = response.context["form"]
    assert form[colour_column].value() == "job_title"
    assert form[email_column].value() == "ignore"
    assert form["full_sync"].value() is True
    assert not RosterImportJob.objects.exists()


def test_mapping_refuses_the_same_field_for_two_columns(admin_client: Client, organisation: Organisation) -> None:
    mapping = admin_client.get(upload(admin_client, organisation, GOOD_ROSTER)["Location"])
    data = mapping_post_data(mapping, **{column_for(mapping, "Favourite colour"): "email"})

    response = admin_client.post(mapping.request["PATH_INFO"], data)

    assert response.status_code == 400
    assert "Email is chosen for more than one column" in response.content.decode()


def test_upload_dry_run_then_real_run(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    mapping = admin_client.get(upload(admin_client, organisation, GOOD_ROSTER)["Location"])

    with django_capture_on_commit_callbacks(execute=True):
        checked = admin_client.post(mapping.request["PATH_INFO"], mapping_post_data(mapping))

    dry_run = RosterImportJob.objects.get()
    assert checked["Location"] == reverse("roster_import_job", args=[organisation.slug, dry_run.pk])
    assert dry_run.dry_run is True
    assert dry_run.status == RosterImportStatus.SUCCEEDED
    assert dry_run.mapping["Favourite colour"] == "ignore"
    assert not Person.objects.filter(organisation=organisation).exists()

    page = admin_client.get(checked["Location"])
    body = page.content.decode()
    assert "The file is ready to import" in body
    assert "Import for real" in body
    assert page.context["result"]["created"] == 3

    with django_capture_on_commit_callbacks(execute=True):
        applied = admin_client.post(reverse("roster_import_apply", args=[organisation.slug, dry_run.pk]))

    real_run = RosterImportJob.objects.exclude(pk=dry_run.pk).get()
    assert applied["Location"] == reverse("roster_import_job", args=[organisation.slug, real_run.pk])
    assert real_run.dry_run is False
    assert real_run.status == RosterImportStatus.SUCCEEDED
    assert real_run.stored_path == dry_run.stored_path
    assert real_run.mapping == dry_run.mapping
    assert real_run.rows_done == 3
    people = {person.employee_id: person for person in Person.objects.filter(organisation=organisation)}
    assert set(people) == {"E1", "E2", "E3"}
    assert people["E2"].manager == people["E1"]
    assert people["E2"].location == "Paris"
    assert Unit.objects.filter(organisation=organisation).count() == 2

    done = admin_client.get(applied["Location"]).content.decode()
    assert "Import finished" in done
    assert "Import for real" not in done


def test_importing_the_same_file_again_says_nothing_changed(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    for _ in range(2):
        mapping = admin_client.get(upload(admin_client, organisation, GOOD_ROSTER)["Location"])
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(mapping.request["PATH_INFO"], mapping_post_data(mapping))
        dry_run = RosterImportJob.objects.filter(dry_run=True).first()
        assert dry_run is not None
        with django_capture_on_commit_callbacks(execute=True):
            applied = admin_client.post(reverse("roster_import_apply", args=[organisation.slug, dry_run.pk]))

    body = admin_client.get(applied["Location"]).content.decode()

    assert "Everything was already up to date — nothing changed." in body


def test_rejected_rows_are_listed_and_nothing_is_imported(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    mapping = admin_client.get(upload(admin_client, organisation, BAD_ROSTER)["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        checked = admin_client.post(mapping.request["PATH_INFO"], mapping_post_data(mapping))

    job = RosterImportJob.objects.get()
    page = admin_client.get(checked["Location"])

    assert job.status == RosterImportStatus.REJECTED
    body = page.content.decode()
    assert "Rejected rows" in body
    assert "Import for real" not in body
    assert page.context["error_count"] >= 2
    assert not Person.objects.filter(organisation=organisation).exists()
    # A dry run that rejected rows cannot be applied.
    refused = admin_client.post(reverse("roster_import_apply", args=[organisation.slug, job.pk]))
    assert refused.status_code == 302
    assert RosterImportJob.objects.count() == 1


def test_a_real_run_with_rejected_rows_says_nothing_was_imported(
    admin_client: Client, organisation: Organisation, upload_dir: Path
) -> None:
    path = upload_dir / "bad.csv"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_ROSTER)
    job = RosterImportJob.objects.create(
        organisation=organisation, original_filename="bad.csv", stored_path=str(path), dry_run=False
    )

    roster_import_run.call(job.pk)

    body = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk])).content.decode()
    assert "Nothing was imported: fix these rows and upload again" in body


def test_errors_csv_is_safe_to_open_in_a_spreadsheet(admin_client: Client, organisation: Organisation) -> None:
    dangerous = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "plain"]
    job = RosterImportJob.objects.create(
        organisation=organisation,
        original_filename="people.csv",
        stored_path="/nowhere",
        status=RosterImportStatus.REJECTED,
        result={
            "rejected": len(dangerous),
            "errors": [
                {"line": n + 2, "column": "Email", "field": "email", "value": value, "message": "=Fix it"}
                for n, value in enumerate(dangerous)
            ],
        },
    )

    response = admin_client.get(reverse("roster_import_errors_csv", args=[organisation.slug, job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "people-rejected-rows" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Line", "Employee ID", "Column", "Field", "Value", "What to do"]
    assert [row[4] for row in rows[1:]] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTAB", "'\rCR", "plain"]
    assert all(row[5] == "'=Fix it" for row in rows[1:])


def test_job_page_caps_the_rejected_rows_shown(admin_client: Client, organisation: Organisation) -> None:
    errors = [{"line": n, "column": "Email", "field": "email", "value": "x", "message": "Bad"} for n in range(600)]
    job = RosterImportJob.objects.create(
        organisation=organisation,
        original_filename="people.csv",
        stored_path="/nowhere",
        status=RosterImportStatus.REJECTED,
        result={"rejected": 600, "errors": errors},
    )

    response = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk]))

    assert len(response.context["errors"]) == 500
    assert "Showing the first 500 of 600 problems" in response.content.decode()


def test_running_job_polls_and_its_partial_shows_progress(admin_client: Client, organisation: Organisation) -> None:
    job = RosterImportJob.objects.create(
        organisation=organisation,
        original_filename="people.csv",
        stored_path="/nowhere",
        status=RosterImportStatus.RUNNING,
        rows_done=12000,
        rows_total=100000,
    )
    url = reverse("roster_import_job", args=[organisation.slug, job.pk])

    page = admin_client.get(url).content.decode()
    partial = admin_client.get(url, headers={"HX-Request": "true"})

    assert 'hx-trigger="every 1s"' in page
    assert 'aria-live="polite"' in page
    body = partial.content.decode()
    assert "<html" not in body
    assert re.search(r'<progress value="12000" max="100000"', body)
    assert "12,000 of about 100,000 rows" in body
    assert "HX-Refresh" not in partial


def test_finished_job_partial_asks_for_a_full_reload(admin_client: Client, organisation: Organisation) -> None:
    job = RosterImportJob.objects.create(
        organisation=organisation,
        original_filename="people.csv",
        stored_path="/nowhere",
        status=RosterImportStatus.SUCCEEDED,
        result={"rows": 1, "created": 1},
    )
    url = reverse("roster_import_job", args=[organisation.slug, job.pk])

    partial = admin_client.get(url, headers={"HX-Request": "true"})
    page = admin_client.get(url).content.decode()

    assert partial["HX-Refresh"] == "true"
    assert "every 1s" not in page


def test_a_job_left_in_the_queue_says_the_worker_may_not_be_running(
    admin_client: Client, organisation: Organisation
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    job = RosterImportJob.objects.create(
        organisation=organisation, original_filename="people.csv", stored_path="/nowhere"
    )
    RosterImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=30))

    body = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk])).content.decode()

    assert "Waiting for the background worker" in body


def test_failed_job_shows_the_message_and_never_a_traceback(
    admin_client: Client, organisation: Organisation, upload_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = upload_dir / "people.csv"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD_ROSTER)
    job = RosterImportJob.objects.create(
        organisation=organisation, original_filename="people.csv", stored_path=str(path)
    )

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("socialu.people.roster.roster_import", explode)
    roster_import_run.call(job.pk)

    job.refresh_from_db()
    body = admin_client.get(reverse("roster_import_job", args=[organisation.slug, job.pk])).content.decode()
    assert job.status == RosterImportStatus.FAILED
    assert "secret internals" not in body
    assert "unexpected problem" in body


def test_recent_imports_are_listed_on_the_import_page(admin_client: Client, organisation: Organisation) -> None:
    for number in range(12):
        RosterImportJob.objects.create(
            organisation=organisation, original_filename=f"file-{number}.csv", stored_path="/nowhere"
        )

    response = admin_client.get(import_url(organisation))

    assert len(response.context["jobs"]) == 10
    assert "file-11.csv" in response.content.decode()


def test_another_organisations_job_is_not_found(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = RosterImportJob.objects.create(
        organisation=other_organisation, original_filename="theirs.csv", stored_path="/nowhere"
    )

    for name in ("roster_import_job", "roster_import_errors_csv"):
        assert admin_client.get(reverse(name, args=[organisation.slug, theirs.pk])).status_code == 404
    assert admin_client.post(reverse("roster_import_apply", args=[organisation.slug, theirs.pk])).status_code == 404


def test_another_organisations_upload_is_not_found(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    other_admin = Client()
    other_admin.force_login(member(other_organisation, Role.PROGRAMME_ADMIN))
    location = upload(other_admin, other_organisation, GOOD_ROSTER)["Location"]
    upload_id = location.rstrip("/").rsplit("/", 1)[-1]

    response = admin_client.get(reverse("roster_import_mapping", args=[organisation.slug, upload_id]))

    assert response.status_code == 404


def test_a_learner_may_not_import(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation)
    client = Client()
    client.force_login(member(organisation, Role.LEARNER))

    assert client.get(import_url(organisation)).status_code == 403
    assert upload(client, organisation, GOOD_ROSTER).status_code == 403


def test_a_file_that_cannot_be_read_explains_why(admin_client: Client, organisation: Organisation) -> None:
    response = upload(admin_client, organisation, "this is not a workbook", name="roster.xlsx")

    page = admin_client.get(response["Location"])

    assert page.status_code == 400
    assert "We could not read that file." in page.content.decode()
    assert not RosterImportJob.objects.exists()
