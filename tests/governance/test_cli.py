"""``socialu governance``: the same as the API, from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, RaciActivity, SocialAccount
from socialu.governance.policies.services import policy_acknowledge
from socialu.governance.raci.services import raci_install_default
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("governance", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(organisation=organisation, name="Sam Carter", employee_id="E1")


def test_policies_list_and_show(policy: Policy) -> None:
    publish(policy, requires_reacknowledgement=False, text="Typo fixed")
    assert (
        run("policies", "list", "--org", "acme")
        == "social-media-policy: Social media policy, version 2 (from 2026-01-05)\n"
    )
    data = json.loads(run("policies", "list", "--org", "acme", "--json"))
    assert data["policies"][0]["version_to_acknowledge"] == 1
    shown = run("policies", "show", "social-media-policy", "--org", "acme")
    assert "version 2, effective 2026-01-05: minor edit" in shown and "Typo fixed" in shown
    with pytest.raises(CommandError, match="There is no policy 'nope'"):
        run("policies", "show", "nope", "--org", "acme")


def test_ack_import_is_all_or_nothing_then_idempotent(tmp_path: Path, policy: Policy, owner: Person) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "employee_id,policy,version,acknowledged_at\nE1,social-media-policy,1,2026-01-06\nE9,x,1,2026-01-06\n"
    )
    with pytest.raises(CommandError, match="1 row\\(s\\) rejected; nothing was written"):
        run("ack", "import", str(bad), "--org", "acme")
    assert not Acknowledgement.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("employee_id,policy,version,acknowledged_at\nE1,social-media-policy,1,2026-01-06\n")
    assert json.loads(run("ack", "import", str(good), "--org", "acme", "--json"))["created"] == 1
    assert "Added 0 acknowledgement(s); 1 were already recorded" in run("ack", "import", str(good), "--org", "acme")


def test_coverage_as_text_and_json(policy: Policy, owner: Person, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation)
    policy_acknowledge(person=owner, version=policy.versions.get())
    text = run("coverage", "--policy", "social-media-policy", "--org", "acme")
    assert "Everyone: 1 of 2 acknowledged (50%), 1 pending, 1 overdue" in text
    data = json.loads(run("coverage", "--policy", "social-media-policy", "--org", "acme", "--json"))
    assert data["total"]["acknowledged"] == 1 and data["total"]["people"] == 2
    with pytest.raises(CommandError, match="There is no policy 'nope'"):
        run("coverage", "--policy", "nope", "--org", "acme")


def test_registry_import_list_export_and_check(tmp_path: Path, organisation: Organisation, owner: Person) -> None:
    source = tmp_path / "accounts.csv"
    source.write_text("platform,handle,owner_employee_id,last_reviewed_on\nx,acme,E1,2026-01-01\nx,@ACME,E1,\n")
    with pytest.raises(CommandError, match="rejected"):
        run("registry", "import", str(source), "--org", "acme")
    source.write_text("platform,handle,owner_employee_id,backup_owner_employee_id\nx,acme,E1,\n")
    assert "Would add 1 account(s)" in run("registry", "import", str(source), "--org", "acme", "--dry-run")
    assert not SocialAccount.objects.exists()
    run("registry", "import", str(source), "--org", "acme")
    assert (
        json.loads(run("registry", "list", "--org", "acme", "--json"))["accounts"][0]["owner"]["name"] == "Sam Carter"
    )
    assert run("registry", "list", "--org", "acme", "--platform", "tiktok") == "No accounts match.\n"
    exported = tmp_path / "out.csv"
    run("registry", "export", "--org", "acme", "--output", str(exported))
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert rows[0]["handle"] == "acme" and rows[0]["owner_employee_id"] == "E1"
    # The export imports back unchanged.
    assert "updated 0" in run("registry", "import", str(exported), "--org", "acme")

    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("governance", "registry", "check", "--org", "acme", "--json", stdout=out)
    assert exit_info.value.code == 1
    kinds = {problem["kind"] for problem in json.loads(out.getvalue())["problems"]}
    assert kinds == {"no_backup", "review_overdue"}


def test_registry_check_passes_when_all_is_in_order(organisation: Organisation, owner: Person) -> None:
    backup = PersonFactory.create(organisation=organisation)
    account = social_account_create(
        organisation=organisation, platform="x", handle="acme", owner=owner, backup_owner=backup
    )
    account.last_reviewed_on = account.created_at.date()
    account.save()
    assert run("registry", "check", "--org", "acme") == "All of Acme Ltd's social media accounts are in order.\n"


def test_raci_install_show_and_export(tmp_path: Path, organisation: Organisation) -> None:
    assert "Nobody has set out who does what yet" in run("raci", "show", "--org", "acme")
    assert "Installed the default" in run("raci", "install-default", "--org", "acme")
    assert "nothing was changed" in run("raci", "install-default", "--org", "acme")
    shown = run("raci", "show", "--org", "acme")
    assert (
        "Publishing on official accounts\n  Responsible: Social media team\n  Accountable: Communications lead" in shown
    )
    data = json.loads(run("raci", "show", "--org", "acme", "--json"))
    assert len(data["activities"]) == RaciActivity.objects.filter(organisation=organisation).count()
    rows = list(csv.reader(io.StringIO(run("raci", "export", "--org", "acme").lstrip("\ufeff"))))
    assert rows[0][0] == "Activity" and rows[1][0] == "Publishing on official accounts"
    target = tmp_path / "raci.xlsx"
    run("raci", "export", "--org", "acme", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet is not None and sheet["A2"].value == "Publishing on official accounts"
    with pytest.raises(CommandError, match="Give --output FILE"):
        run("raci", "export", "--org", "acme", "--format", "xlsx")


def test_an_unknown_organisation_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nope'"):
        run("raci", "show", "--org", "nope")


def test_raci_default_is_idempotent_through_both_doors(organisation: Organisation) -> None:
    raci_install_default(organisation=organisation)
    before = RaciActivity.objects.count()
    run("raci", "install-default", "--org", "acme")
    assert RaciActivity.objects.count() == before
