"""The social media account registry pages through the test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import SocialAccount
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(
        organisation=organisation, name="Sam Carter", employee_id="E1", email="sam@acme.example"
    )


@pytest.fixture
def account(organisation: Organisation, owner: Person) -> SocialAccount:
    return social_account_create(organisation=organisation, platform="x", handle="kestrel", owner=owner)


def strict(page: str) -> None:
    assert "<script" not in page.split("</head>", 1)[1]
    assert 'style="' not in page


def test_an_empty_registry_offers_an_import(admin_client: Client) -> None:
    page = admin_client.get("/o/acme/accounts/").content.decode()
    assert "No accounts yet" in page and 'href="/o/acme/accounts/import/"' in page
    assert 'aria-current="page">Social accounts</a>' in page and ">Policies</a>" in page
    strict(page)


def test_the_list_shows_problems_and_who_should_act(admin_client: Client, account: SocialAccount) -> None:
    page = admin_client.get("/o/acme/accounts/").content.decode()
    assert "2 things to put right" in page
    assert "There is no backup owner" in page and "never been reviewed" in page
    assert "Who should act: Sam Carter" in page
    strict(page)


def test_the_list_filters_by_platform_and_status(
    admin_client: Client, organisation: Organisation, account: SocialAccount
) -> None:
    social_account_create(organisation=organisation, platform="linkedin", handle="acme-jobs", status="dormant")
    table = admin_client.get("/o/acme/accounts/?platform=linkedin").content.decode().split("<table", 1)[1]
    assert "LinkedIn acme-jobs" in table and "X (Twitter) kestrel</a>" not in table
    table = admin_client.get("/o/acme/accounts/?status=active").content.decode().split("<table", 1)[1]
    assert "X (Twitter) kestrel</a>" in table and "LinkedIn acme-jobs</a>" not in table


def test_a_staff_member_sees_the_registry_but_cannot_change_it(
    organisation: Organisation, account: SocialAccount
) -> None:
    client = Client()
    client.force_login(member(organisation, Role.MENTOR))
    page = client.get(f"/o/acme/accounts/{account.pk}/").content.decode()
    assert "kestrel" in page and "Mark as reviewed today" not in page and "Where the login is kept" not in page
    assert client.post(f"/o/acme/accounts/{account.pk}/review/").status_code == 403


def test_an_admin_marks_an_account_as_reviewed(admin_client: Client, account: SocialAccount) -> None:
    page = admin_client.get(f"/o/acme/accounts/{account.pk}/").content.decode()
    assert "Mark as reviewed today" in page and "never been reviewed" in page
    strict(page)

    response = admin_client.post(f"/o/acme/accounts/{account.pk}/review/", follow=True)

    assert "is marked as reviewed today" in response.content.decode()
    account.refresh_from_db()
    assert account.last_reviewed_on is not None


def test_another_organisations_account_is_not_found(admin_client: Client, other_organisation: Organisation) -> None:
    theirs = social_account_create(organisation=other_organisation, platform="x", handle="globex")
    assert admin_client.get(f"/o/acme/accounts/{theirs.pk}/").status_code == 404
    assert admin_client.get(f"/o/acme/accounts/{theirs.pk}/edit/").status_code == 404
    assert admin_client.post(f"/o/acme/accounts/{theirs.pk}/review/").status_code == 404


def test_adding_an_account_by_email_and_employee_id(admin_client: Client, owner: Person) -> None:
    backup = PersonFactory.create(organisation=owner.organisation, employee_id="E2", name="Bea Backup")
    form = {"platform": "instagram", "handle": "@Acme", "owner": "SAM@acme.example", "backup_owner": "E2"}
    response = admin_client.post("/o/acme/accounts/new/", {**form, "status": "active", "review_every_days": "180"})

    account = SocialAccount.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/acme/accounts/{account.pk}/"
    assert (account.handle, account.owner, account.backup_owner) == ("Acme", owner, backup)


def test_mistakes_are_explained_and_typed_values_kept(admin_client: Client, owner: Person) -> None:
    form = {
        "platform": "x",
        "handle": "kept_handle",
        "owner": "E404",
        "backup_owner": "E1",
        "status": "active",
        "review_every_days": "180",
        "credentials_reference": "Vault entry 7",
    }
    page = admin_client.post("/o/acme/accounts/new/", form).content.decode()
    assert "Nobody in the roster has the employee id or email “E404”" in page
    assert 'value="kept_handle"' in page and 'value="E404"' in page and 'value="Vault entry 7"' in page
    assert not SocialAccount.objects.exists()
    strict(page)


def test_the_form_refuses_a_password(admin_client: Client) -> None:
    form = {"platform": "x", "handle": "a", "status": "active", "review_every_days": "180", "password": "hunter2"}
    page = admin_client.post("/o/acme/accounts/new/", form).content.decode()
    assert "Remove the &#x27;password&#x27; field: SocialU never stores credentials" in page
    assert "hunter2" not in page and not SocialAccount.objects.exists()


def test_a_duplicate_handle_is_explained(admin_client: Client, account: SocialAccount) -> None:
    form = {"platform": "x", "handle": "@KESTREL", "status": "active", "review_every_days": "180"}
    page = admin_client.post("/o/acme/accounts/new/", form).content.decode()
    assert "is already in the registry" in page and 'value="@KESTREL"' in page


def test_editing_an_account_starts_from_its_details(admin_client: Client, account: SocialAccount) -> None:
    page = admin_client.get(f"/o/acme/accounts/{account.pk}/edit/").content.decode()
    assert 'value="kestrel"' in page and 'value="E1"' in page
    form = {"platform": "x", "handle": "kestrel", "owner": "E1", "status": "dormant", "review_every_days": "30"}
    assert admin_client.post(f"/o/acme/accounts/{account.pk}/edit/", form).status_code == 302
    account.refresh_from_db()
    assert (account.status, account.review_every_days) == ("dormant", 30)


def test_import_checks_first_then_applies(admin_client: Client, owner: Person) -> None:
    upload = SimpleUploadedFile("accounts.csv", b"platform,handle,owner_employee_id\nx,kestrel,E1\n")
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload}).content.decode()
    assert "Importing it will add 1 account" in page and not SocialAccount.objects.exists()
    strict(page)

    content = "platform,handle,owner_employee_id\r\nx,kestrel,E1\r\n"
    response = admin_client.post("/o/acme/accounts/import/", {"step": "apply", "content": content}, follow=True)

    assert "Imported: 1 added, 0 updated." in response.content.decode()
    assert SocialAccount.objects.get().owner == owner


def test_import_shows_each_bad_row_and_refuses_a_password_column(admin_client: Client) -> None:
    upload = SimpleUploadedFile("accounts.csv", b"platform,handle\nmyspace,a\n")
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload}).content.decode()
    assert "Nothing was imported" in page and "Line 2: Unknown platform" in page
    upload = SimpleUploadedFile("accounts.csv", b"platform,handle,Password\nx,a,hunter2\n")
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload}).content.decode()
    assert "Remove the &#x27;Password&#x27; column" in page
    assert not SocialAccount.objects.exists()


def test_the_export_downloads_a_csv(admin_client: Client, account: SocialAccount) -> None:
    response = admin_client.get("/o/acme/accounts/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="acme-social-accounts.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert text.splitlines()[1].startswith("x,kestrel,,,,E1,")
