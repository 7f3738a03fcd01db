"""Bounded roster files through every way in: the stale dimension, a DTD, refusals as exit 2, 422 and a form error."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from pytest_django import Settings

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.people.roster import roster_import
from tests.factories import member

pytestmark = pytest.mark.django_db

HEADERS = ["Employee ID", "Name", "Email"]
DTD = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def workbook_bytes(rows: int, *, dimension: bytes | None = None, dtd: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for number in range(1, rows + 1):
        sheet.append([f"E{number}", f"Person {number}", f"p{number}@acme.example"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    if dimension is not None:
        sheet_xml = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="' + dimension + b'"', sheet_xml)
    if dtd:
        sheet_xml = DTD + sheet_xml
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_stale_dimension_imports_all_101_rows(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "stale.xlsx"
    path.write_bytes(workbook_bytes(101, dimension=b"A1:C2"))

    result = roster_import(organisation=organisation, path=path)

    assert result.created == 101, result.errors
    assert Person.objects.filter(organisation=organisation).count() == 101


def test_the_command_refuses_a_dtd_with_exit_2_and_one_clear_line(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "dtd.xlsx"
    path.write_bytes(workbook_bytes(1, dtd=True))

    with pytest.raises(CommandError) as raised:
        call_command("roster", "import", str(path), "--org", organisation.slug, stdout=io.StringIO())

    assert raised.value.returncode == 2
    assert "document type declaration (DTD)" in str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_the_api_answers_422_for_a_dtd(organisation: Organisation) -> None:
    from tests.api.test_people_api import Api

    api = Api(member(organisation, Role.PROGRAMME_ADMIN), organisation)
    file = SimpleUploadedFile("dtd.xlsx", workbook_bytes(1, dtd=True))

    response = api.client.post(f"{api.base}/roster-imports", {"file": file}, headers=api.headers)

    assert response.status_code == 422, response.content
    assert "document type declaration" in response.json()["detail"]
    assert not Person.objects.filter(organisation=organisation).exists()


def test_a_queued_api_import_of_a_dtd_fails_with_the_message(
    organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialu.people import api as people_api
    from socialu.people.tasks import roster_import_run
    from tests.api.test_people_api import Api

    monkeypatch.setattr(people_api, "API_INLINE_MAX_BYTES", 10)
    api = Api(member(organisation, Role.PROGRAMME_ADMIN), organisation)
    file = SimpleUploadedFile("dtd.xlsx", workbook_bytes(1, dtd=True))

    queued = api.client.post(f"{api.base}/roster-imports", {"file": file}, headers=api.headers)
    assert queued.status_code == 202, queued.content
    roster_import_run.call(queued.json()["id"])  # what the imports worker does

    polled = api.client.get(f"{api.base}/roster-imports/{queued.json()['id']}", headers=api.headers).json()
    assert (polled["status"], polled["finished"]) == ("failed", True)
    assert "document type declaration" in polled["error_message"]
    assert not Person.objects.filter(organisation=organisation).exists()


def test_the_browser_shows_a_dtd_refusal_as_a_form_error(
    admin_client: Client, organisation: Organisation, settings: Settings, tmp_path: Path
) -> None:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    file = SimpleUploadedFile("dtd.xlsx", workbook_bytes(1, dtd=True))

    uploaded = admin_client.post(reverse("roster_import", args=[organisation.slug]), {"file": file})
    assert uploaded.status_code == 302
    page = admin_client.get(uploaded["Location"])

    assert "document type declaration (DTD)" in page.content.decode()
    assert "Traceback" not in page.content.decode()
