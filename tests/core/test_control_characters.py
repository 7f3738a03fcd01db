"""Control characters (NUL, BEL, ESC…) never reach storage, never break an export, never reach a terminal."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from socialu.accounts import services as account_services
from socialu.accounts.models import ApiToken, User
from socialu.cli import main
from socialu.core.models import Organisation
from socialu.core.text import clean_submitted, clean_text, terminal_safe
from socialu.governance.models import SocialAccount
from socialu.governance.policies.services import policy_create, policy_version_publish
from socialu.people.models import Person
from socialu.people.roster import roster_import
from tests.factories import PersonFactory

NASTY = "Zo\u00eb\x00 \x07Bell \x1b[31mRed\x1b]0;pwned\x07 \x9bCSI"
CLEAN = "Zo\u00eb Bell [31mRed]0;pwned CSI"


def _api(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {account_services.api_token_create(user=user, name='t')[1]}"}


def test_clean_text_drops_controls_and_keeps_line_breaks_only_where_asked() -> None:
    assert clean_text(NASTY) == CLEAN
    assert clean_text("one\r\ntwo\tthree\nfour") == "one two three four"
    assert clean_text("one\r\ntwo\tthree\x00", multiline=True) == "one\ntwo\tthree"
    assert clean_submitted({"a": ["x\x07", 3], "b": "ok\n"}) == {"a": ["x", 3], "b": "ok\n"}
    assert terminal_safe("\x1b[2Jname\tcol\n") == "[2Jname\tcol\n"


def test_the_api_stores_a_person_without_control_characters(organisation: Organisation, admin_user: User) -> None:
    response = Client().post(
        "/api/v1/orgs/acme/people",
        {"employee_id": "E\x001", "name": NASTY, "email": "zoe@acme.example", "job_title": "Lead\x1b[0m"},
        content_type="application/json",
        headers=_api(admin_user),
    )

    assert response.status_code == 201, response.content
    person = Person.objects.get(organisation=organisation, email="zoe@acme.example")
    assert (person.employee_id, person.name, person.job_title) == ("E1", CLEAN, "Lead[0m")


def test_a_browser_form_stores_text_without_control_characters(admin_user: User, admin_client: Client) -> None:
    response = admin_client.post("/o/acme/tokens/", {"name": "HR\x1b[2J\x07 sync", "scopes": ["read"]})

    assert response.status_code == 201
    assert ApiToken.objects.get(user=admin_user).name == "HR[2J sync"


def test_a_roster_import_stores_names_without_control_characters(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Employee ID", "Name", "Email", "Job Title"])
        writer.writerow(["E1", NASTY, "zoe@acme.example", "Analyst\x07"])
        writer.writerow(["E2", "Plain Name", "plain@acme.example", "Analyst"])

    result = roster_import(organisation=organisation, path=path)

    assert result.rejected == 0 and result.created == 2
    zoe = Person.objects.get(organisation=organisation, employee_id="E1")
    assert (zoe.name, zoe.job_title) == (CLEAN, "Analyst")


def test_the_social_account_api_stores_notes_without_control_characters(
    organisation: Organisation, admin_user: User
) -> None:
    response = Client().post(
        "/api/v1/orgs/acme/social-accounts",
        {"platform": "linkedin", "handle": "@acme\x07", "notes": "line one\nline\x1b two"},
        content_type="application/json",
        headers=_api(admin_user),
    )

    assert response.status_code == 201, response.content
    account = SocialAccount.objects.get(organisation=organisation)
    assert (account.handle, account.notes) == ("acme", "line one\nline two")


def test_exports_of_text_stored_earlier_with_control_characters_still_open(
    organisation: Organisation, admin_client: Client
) -> None:
    person = PersonFactory.create(organisation=organisation, employee_id="E-OLD")
    # As stored before input was cleaned (PostgreSQL never held a NUL, SQLite could).
    stored = NASTY if connection.vendor == "sqlite" else NASTY.replace("\x00", "")
    Person.objects.filter(pk=person.pk).update(name=stored, job_title="Tab\there\x0bvertical")
    policy = policy_create(organisation=organisation, title="Social media policy")
    policy_version_publish(
        policy=policy, summary="S", body="B", effective_on=date(2026, 1, 5), requires_reacknowledgement=True, user=None
    )

    people = admin_client.get("/o/acme/people/export.xlsx")
    coverage = admin_client.get(f"/o/acme/policies/{policy.slug}/coverage.xlsx")

    for response in (people, coverage):
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        assert any(CLEAN in str(cell) for row in rows for cell in row), rows


def test_the_command_line_never_prints_terminal_escapes_from_data(
    organisation: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = policy_create(organisation=organisation, title="Policy")
    # A title stored before input was cleaned.
    type(policy).objects.filter(pk=policy.pk).update(title="Eve\x1b]0;owned\x07\x1b[2J\x1b[31m")

    main(["governance", "policies", "list", "--org", "acme"])

    out = capsys.readouterr().out
    assert "Eve]0;owned[2J[31m" in out
    assert "\x1b" not in out and "\x07" not in out
