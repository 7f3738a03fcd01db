"""API and CLI parity: tiers, certificates (list, get, verify, revoke), the register, award and remind."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.certification.awarding import code_display
from socialu.certification.models import Certificate, Tier
from socialu.core.models import Organisation
from tests.certification.support import complete_basics, make_certificate
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _api(user: User) -> tuple[Client, dict[str, str]]:
    _, raw = account_services.api_token_create(user=user, name="tests")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _call(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("certification", *arguments, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_the_api_lists_gets_verifies_and_revokes(organisation: Organisation, admin_user: User) -> None:
    certificate = make_certificate(organisation)
    make_certificate(organisation, issued_at=timezone.now() - timedelta(days=500))
    client, headers = _api(admin_user)

    listed = client.get("/api/v1/orgs/acme/certificates?status=valid", headers=headers).json()
    assert listed["count"] == 1 and listed["items"][0]["code"] == certificate.code
    got = client.get(f"/api/v1/orgs/acme/certificates/{certificate.pk}", headers=headers).json()
    assert got["status"] == "valid" and got["tier"] == "ambassador"

    verified = client.get(f"/api/v1/orgs/acme/certificate-codes/{code_display(certificate.code)}", headers=headers)
    assert verified.json()["holder_name"] == certificate.holder_name and verified.json()["organisation"] == "Acme Ltd"

    refused = client.post(
        f"/api/v1/orgs/acme/certificates/{certificate.pk}/revoke", {"reason": " "}, "application/json", headers=headers
    )
    assert refused.status_code == 422 and "Say why" in refused.json()["detail"]
    revoked = client.post(
        f"/api/v1/orgs/acme/certificates/{certificate.pk}/revoke",
        {"reason": "Left the programme"},
        "application/json",
        headers=headers,
    )
    assert revoked.json()["status"] == "revoked" and revoked.json()["revoked_reason"] == "Left the programme"


def test_the_api_verifies_only_the_organisations_own_codes(
    organisation: Organisation, other_organisation: Organisation, admin_user: User
) -> None:
    foreign = make_certificate(other_organisation)
    client, headers = _api(admin_user)
    assert client.get(f"/api/v1/orgs/acme/certificate-codes/{foreign.code}", headers=headers).status_code == 404


def test_the_api_register_and_tiers(organisation: Organisation, admin_user: User) -> None:
    unit = UnitFactory.create(organisation=organisation, name="Sales", path="Sales")
    make_certificate(organisation, person=PersonFactory.create(organisation=organisation, unit=unit, name="In Sales"))
    make_certificate(organisation, person=PersonFactory.create(organisation=organisation, name="Elsewhere"))
    client, headers = _api(admin_user)
    register = client.get(f"/api/v1/orgs/acme/spokesperson-register?unit={unit.pk}", headers=headers).json()
    assert [entry["name"] for entry in register] == ["In Sales"]
    assert register[0]["tier"] == "ambassador" and register[0]["expiring_soon"] is False
    tiers = client.get("/api/v1/orgs/acme/certification/tiers", headers=headers).json()
    assert tiers[0]["slug"] == "ambassador" and tiers[0]["holders"] == 2


def test_the_api_lists_my_own_certificates(organisation: Organisation, learner_user: User) -> None:
    mine = make_certificate(organisation, person=PersonFactory.create(organisation=organisation, user=learner_user))
    make_certificate(organisation)
    client, headers = _api(learner_user)
    assert [c["code"] for c in client.get("/api/v1/orgs/acme/me/certificates", headers=headers).json()] == [mine.code]


def test_cli_installs_and_lists_tiers(organisation: Organisation) -> None:
    assert "Installed Ambassador, Practitioner, Professional" in _call("tiers", "install", "--org", "acme")[1]
    status, output = _call("tiers", "list", "--org", "acme", "--json")
    tiers = json.loads(output)["tiers"]
    assert status == 0 and [tier["slug"] for tier in tiers] == ["ambassador", "practitioner", "professional"]
    assert tiers[0]["requirements"][0] == {
        "kind": "courses_passed",
        "description": "Complete these courses: why-social-matters, policy-essentials",
        "available": True,
    }


def test_cli_awards_verifies_revokes_and_lists(ambassador: Tier) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation, name="Cli Person")
    complete_basics(person)
    assert "issued 1 certificate(s)" in _call("award", "--org", "acme")[1]
    code = Certificate.objects.get(person=person).code

    status, output = _call("verify", code_display(code).lower())
    assert status == 0 and output.startswith("VALID: Ambassador certificate of Cli Person from Acme Ltd")

    with pytest.raises(CommandError, match="Say why"):
        _call("certificates", "revoke", code)
    assert "Revoked" in _call("certificates", "revoke", code, "--reason", "Test")[1]
    status, output = _call("verify", code, "--json")
    assert status == 1 and json.loads(output)["status"] == "revoked"

    listed = json.loads(_call("certificates", "list", "--org", "acme", "--status", "revoked", "--json")[1])
    assert [row["code"] for row in listed["certificates"]] == [code]


def test_cli_verify_of_an_unknown_code_fails(db: None) -> None:
    with pytest.raises(CommandError, match="No certificate has the code"):
        _call("verify", "NOPE-NOPE-NOPE")


def test_cli_register_writes_csv_and_json(organisation: Organisation, tmp_path: Path) -> None:
    make_certificate(organisation, person=PersonFactory.create(organisation=organisation, name="Reg Ister"))
    status, output = _call("register", "--org", "acme", "--json")
    assert status == 0 and json.loads(output)["spokespeople"][0]["name"] == "Reg Ister"
    target = tmp_path / "register.csv"
    _call("register", "--org", "acme", "--csv", str(target))
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Name" and rows[1][0] == "Reg Ister"
    with pytest.raises(CommandError, match="no unit"):
        _call("register", "--org", "acme", "--unit", "Nowhere")


def test_cli_remind_sends_each_reminder_once(organisation: Organisation) -> None:
    make_certificate(organisation, issued_at=timezone.now() - timedelta(days=355))
    assert "sent 1 expiry reminder(s)" in _call("remind", "--org", "acme")[1]
    assert "sent 0 expiry reminder(s)" in _call("remind", "--org", "acme")[1]
    assert len(mail.outbox) == 1


def test_cli_award_needs_an_organisation(db: None) -> None:
    with pytest.raises(CommandError, match="--org SLUG, or --all"):
        _call("award")
