"""Roster data quality in the browser: the encoding field, what the check says about the file,
employee IDs of rejected rows, and the box that confirms a mass deactivation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from socialu.core.models import Organisation
from socialu.people.models import Person, RosterImportJob
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CYRILLIC = "Employee ID,Name,Email,Shoe size\r\nE1,Иван Петров,ivan@acme.example,42\r\n"


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR  # type: ignore[no-any-return]


def check(
    client: Client,
    organisation: Organisation,
    content: bytes,
    capture: DjangoCaptureOnCommitCallbacks,
    **options: str,
) -> Any:
    """Upload *content*, accept the suggested columns and run the dry run; return the job page."""
    file = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
    uploaded = client.post(reverse("roster_import", args=[organisation.slug]), {"file": file, **options})
    assert uploaded.status_code == 302, uploaded.content
    mapping = client.get(uploaded["Location"])
    form = mapping.context["form"]
    data = {name: str(form[name].value()) for name in form.fields if name.startswith("column_")}
    if form["full_sync"].value():
        data["full_sync"] = "on"
    data["encoding"] = str(form["encoding"].value() or "")
    with capture(execute=True):
        checked = mapping.client.post(mapping.request["PATH_INFO"], data)
    return client.get(checked["Location"])


def test_an_uncertain_encoding_shows_sample_names_and_the_chosen_encoding_fixes_them(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    guessed = check(admin_client, organisation, CYRILLIC.encode("cp1251"), django_capture_on_commit_callbacks)
    body = guessed.content.decode()
    assert "The encoding could not be decided" in body
    assert "Èâàí Ïåòðîâ" in body
    assert "Columns not imported" in body and "Shoe size" in body

    chosen = check(
        admin_client,
        organisation,
        CYRILLIC.encode("cp1251"),
        django_capture_on_commit_callbacks,
        encoding="cp1251",
    )
    assert RosterImportJob.objects.order_by("-pk").first().encoding == "cp1251"  # type: ignore[union-attr]
    assert "(not certain)" not in chosen.content.decode()
    assert chosen.context["result"]["encoding_certain"] is True


def test_a_utf_8_file_with_a_bad_byte_is_a_form_error_naming_the_line(
    admin_client: Client, organisation: Organisation
) -> None:
    content = "Employee ID,Name,Email\nE1,Zoë,zoe@acme.example\n".encode() + b"E2,Caf\xe9,c@acme.example\n"
    file = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
    uploaded = admin_client.post(reverse("roster_import", args=[organisation.slug]), {"file": file})

    page = admin_client.get(uploaded["Location"])

    assert page.status_code == 400
    assert "Line 3 holds bytes that are not valid UTF-8" in page.content.decode()


def test_rejected_rows_show_the_employee_id(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    content = b"Employee ID,Name,Email\nE1,Ann,ann@acme.example\nE77,Bob,not-an-email\n"

    page = check(admin_client, organisation, content, django_capture_on_commit_callbacks)

    row = page.content.decode().split("errors-table", 1)[1]
    assert '<th scope="row">3</th>' in row
    assert "E77" in row


def test_a_mass_deactivation_needs_the_box_ticked(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    for number in range(1, 11):
        PersonFactory.create(organisation=organisation, employee_id=f"E{number}", email=f"p{number}@acme.example")
    content = b"Employee ID,Name,Email\nE1,Person 1,p1@acme.example\n"

    page = check(admin_client, organisation, content, django_capture_on_commit_callbacks, full_sync="on")
    body = page.content.decode()
    assert "would deactivate 9 of 10 active people (90 %)" in body
    assert 'name="confirm_deactivations"' in body
    dry_run = page.context["job"]
    apply_url = reverse("roster_import_apply", args=[organisation.slug, dry_run.pk])

    with django_capture_on_commit_callbacks(execute=True):
        refused = admin_client.post(apply_url)
    assert refused["Location"] == reverse("roster_import_job", args=[organisation.slug, dry_run.pk])
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 10

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(apply_url, {"confirm_deactivations": "on"})
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 1
