"""The account registry import reads its file through the shared tabular reader: XLSX, 8-bit CSV, refusals."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.governance.models import SocialAccount
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.governance.test_api import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(organisation=organisation, name="Zoë", employee_id="E1", email="zoe@acme.example")


def workbook(*, dtd: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["platform", "handle", "owner_employee_id", "purpose"])
    sheet.append(["x", "kestrel", "E1", "Café news"])
    buffer = io.BytesIO()
    book.save(buffer)
    if not dtd:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = b"<!DOCTYPE r [<!ENTITY a 'aaaa'>]>" + parts["xl/worksheets/sheet1.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_the_browser_import_reads_an_xlsx_file_and_applies_it(admin_client: Client, owner: Person) -> None:
    upload = SimpleUploadedFile("accounts.xlsx", workbook())
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload})
    assert "Importing it will add 1 account" in page.content.decode()

    content = page.context["content"]
    applied = admin_client.post("/o/acme/accounts/import/", {"step": "apply", "content": content}, follow=True)

    assert "Imported: 1 added, 0 updated." in applied.content.decode()
    account = SocialAccount.objects.get()
    assert (account.owner, account.purpose) == (owner, "Café news")


def test_the_api_reads_a_windows_1252_csv_exactly(admin_user: User, organisation: Organisation, owner: Person) -> None:
    api = Api(admin_user, organisation)
    content = "platform,handle,owner_employee_id,purpose\nx,kestrel,E1,“Café” news for €\n".encode("cp1252")

    response = api.upload("/social-accounts/import", content)

    assert response.status_code == 200, response.content
    assert SocialAccount.objects.get().purpose == "“Café” news for €"


def test_a_workbook_with_a_dtd_is_a_422_and_a_form_error(
    admin_user: User, admin_client: Client, organisation: Organisation, owner: Person
) -> None:
    api = Api(admin_user, organisation)
    file = SimpleUploadedFile("accounts.xlsx", workbook(dtd=True))
    response = api.client.post(f"{api.base}/social-accounts/import", {"file": file}, headers=api.headers)
    assert response.status_code == 422
    assert "document type declaration (DTD)" in response.json()["detail"]

    upload = SimpleUploadedFile("accounts.xlsx", workbook(dtd=True))
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload}).content.decode()
    assert "document type declaration (DTD)" in page
    assert not SocialAccount.objects.exists()
