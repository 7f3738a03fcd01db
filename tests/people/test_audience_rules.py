"""Audience assignment rules (issue 11 item 6): defaults place a CEO, a manager and a partner right;
an organisation's own rules; counts per rule in the dry run; the rule recorded on the person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from socialu.core.errors import InvalidInputError, NotFoundError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.audience_rules.placement import DEFAULT_RULES, Member, Rule, place
from socialu.people.audience_rules.selectors import audience_rules_for
from socialu.people.audience_rules.services import audience_rule_add, audience_rule_remove, audience_rules_reset
from socialu.people.models import Person
from socialu.people.roster import roster_import
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROSTER = (
    "Employee ID,Name,Email,Manager ID,Job Profile,Worker Type,Department\n"
    "E1,Cleo Chief,cleo@acme.example,,Chief Executive Officer,Employee,Board\n"
    "E2,Mo Manager,mo@acme.example,E1,Head of Sales,Employee,Sales\n"
    "E3,Sam Seller,sam@acme.example,E2,Account Executive,Employee,Sales > EMEA\n"
    "E4,Pat Partner,pat@agency.example,,Account Director,Contractor,Agency\n"
    "E5,Val Vice,val@acme.example,E1,VP Marketing,Employee,Marketing\n"
)


def audiences(organisation: Organisation) -> dict[str, tuple[str, str]]:
    return {
        person.employee_id: (person.audience, person.audience_rule)
        for person in Person.objects.filter(organisation=organisation)
    }


def test_the_defaults_place_a_ceo_a_manager_and_a_partner(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")

    result = roster_import(organisation=organisation, path=path)

    assert result.applied, result.errors
    placed = audiences(organisation)
    assert placed["E1"] == ("leadership", "Rule 2: top of the tree → leadership")
    assert placed["E2"] == ("management", "Rule 4: has direct reports → management")
    assert placed["E4"] == ("observer", "Rule 1: external partner → observer")
    assert placed["E5"][0] == "leadership"
    assert placed["E5"][1].startswith("Rule 3: job title contains Chief")
    assert placed["E3"] == ("observer", "")
    assert [rule["people"] for rule in result.audience_rules] == [1, 1, 1, 1]


def test_the_dry_run_counts_what_each_rule_places_and_writes_nothing(
    organisation: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")

    result = roster_import(organisation=organisation, path=path, dry_run=True)

    assert result.to_dict()["audience_rules"][1] == {
        "rule": "Rule 2: top of the tree → leadership",
        "audience": "leadership",
        "people": 1,
    }
    assert not Person.objects.filter(organisation=organisation).exists()


def test_an_audience_column_decides_instead_of_the_rules(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Employee ID,Name,Email,Audience\nE1,Cleo,cleo@acme.example,practitioner\n", encoding="utf-8")

    result = roster_import(organisation=organisation, path=path)

    assert result.audience_rules == []
    assert audiences(organisation)["E1"] == ("practitioner", "")


def test_an_organisations_own_rules_by_unit_and_depth(organisation: Organisation, tmp_path: Path) -> None:
    audience_rules_reset(organisation=organisation)
    audience_rule_add(organisation=organisation, kind="unit", value="sales > emea", audience="practitioner", position=1)
    audience_rule_add(organisation=organisation, kind="max_depth", value="1", audience="infrastructure")
    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")

    roster_import(organisation=organisation, path=path)

    placed = audiences(organisation)
    assert placed["E3"] == ("practitioner", "Rule 1: in unit sales > emea → practitioner")
    assert [rule.kind for rule in audience_rules_for(organisation=organisation)][:2] == ["unit", "external"]
    # The default external rule (now rule 2) still comes before depth.
    assert placed["E4"][0] == "observer"
    assert placed["E2"][0] == "management"  # rule 4 (direct reports) comes before the depth rule (rule 6)


def test_rules_are_validated_and_removed_by_number(organisation: Organisation) -> None:
    with pytest.raises(InvalidInputError) as raised:
        audience_rule_add(organisation=organisation, kind="job_title", value=" , ", audience="nobody")
    assert set(raised.value.errors) == {"value", "audience"}
    with pytest.raises(InvalidInputError):
        audience_rule_add(organisation=organisation, kind="max_depth", value="deep", audience="observer")

    audience_rule_remove(organisation=organisation, position=1)

    assert [rule.position for rule in audience_rules_for(organisation=organisation)] == [1, 2, 3]
    assert audience_rules_for(organisation=organisation)[0].kind == "top_of_tree"
    with pytest.raises(NotFoundError):
        audience_rule_remove(organisation=organisation, position=9)


def test_rules_of_another_organisation_do_not_apply(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    audience_rule_add(organisation=other_organisation, kind="unit", value="Sales", audience="practitioner", position=1)

    assert audience_rules_for(organisation=organisation) == list(DEFAULT_RULES)


def test_placement_is_pure_and_cycles_do_not_hang() -> None:
    members = [Member("A", manager_id="B"), Member("B", manager_id="A"), Member("C", manager_id="A")]
    rules = [Rule(1, "max_depth", "0", "leadership"), Rule(2, "has_direct_reports", "", "management")]

    placed = place(members, rules)

    # The import rejects a cycle of managers; placement only has to end, counting from where the cycle closes.
    assert {employee_id: rule.audience for employee_id, rule in placed.items()} == {
        "A": "management",
        "B": "leadership",
    }


def test_the_command_lists_adds_removes_and_resets(organisation: Organisation) -> None:
    import io
    import json

    from django.core.management import CommandError, call_command

    def run(*args: str) -> dict[str, Any]:
        out = io.StringIO()
        call_command("audience_rules", *args, "--org", organisation.slug, "--json", stdout=out)
        return json.loads(out.getvalue())  # type: ignore[no-any-return]

    assert run("list")["defaults"] is True
    added = run("add", "--kind", "job_title", "--value", "Director", "--audience", "management", "--position", "1")
    assert added["defaults"] is False
    assert added["rules"][0] == {"position": 1, "kind": "job_title", "value": "Director", "audience": "management"}
    assert len(run("remove", "1")["rules"]) == 4
    assert run("reset")["defaults"] is True
    with pytest.raises(CommandError) as raised:
        call_command(
            "audience_rules", "add", "--org", organisation.slug, "--kind", "max_depth", "--audience", "observer"
        )
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        call_command("audience_rules", "remove", "7", "--org", organisation.slug)
    assert missing.value.returncode == 3


def test_the_api_manages_the_rules(organisation: Organisation, other_organisation: Organisation) -> None:
    from tests.api.test_people_api import Api
    from tests.factories import member

    api = Api(member(organisation, Role.PROGRAMME_ADMIN), organisation)
    assert api.get("/audience-rules").json()["defaults"] is True
    created = api.post("/audience-rules", {"kind": "unit", "value": "Sales", "audience": "practitioner", "position": 1})
    assert created.status_code == 201
    assert created.json()["rules"][0]["description"] == "Rule 1: in unit Sales → practitioner"
    refused = api.post("/audience-rules", {"kind": "unit", "value": "", "audience": "practitioner"})
    assert refused.status_code == 422
    removed = api.client.delete(f"{api.base}/audience-rules/1", headers=api.headers)
    assert removed.status_code == 200
    assert api.client.delete(f"{api.base}/audience-rules/99", headers=api.headers).status_code == 404
    assert api.client.delete(f"{api.base}/audience-rules/{10**20}", headers=api.headers).status_code in {404, 422}
    # Removing "rule 1" through this organisation's URL never touches another organisation's rules.
    audience_rule_add(organisation=other_organisation, kind="unit", value="Theirs", audience="practitioner", position=1)
    api.client.delete(f"{api.base}/audience-rules/1", headers=api.headers)
    assert audience_rules_for(organisation=other_organisation)[0].value == "Theirs"
    # Another organisation's rules are not reachable with this organisation's token.
    other = f"/api/v1/orgs/{other_organisation.slug}/audience-rules"
    assert api.client.get(other, headers=api.headers).status_code in {403, 404}
    PersonFactory.create(
        organisation=organisation, employee_id="P1", audience_rule="Rule 1: external partner → observer"
    )
    person = api.get("/people").json()["items"][0]
    assert person["audience_rule"] == "Rule 1: external partner → observer"
    mentor = Api(member(organisation, Role.MENTOR), organisation)
    assert mentor.get("/audience-rules").status_code == 403


def test_the_rules_page_adds_and_removes_rules(admin_client: Client, organisation: Organisation) -> None:
    url = reverse("audience_rules", args=[organisation.slug])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "These are the default rules" in page.content.decode()

    bad = admin_client.post(url, {"kind": "max_depth", "value": "many", "audience": "observer"})
    assert bad.status_code == 400
    assert "whole number" in bad.content.decode()

    added = admin_client.post(url, {"kind": "job_title", "value": "Director", "audience": "management", "position": 2})
    assert added.status_code == 302
    assert audience_rules_for(organisation=organisation)[1].value == "Director"

    admin_client.post(reverse("audience_rule_remove", args=[organisation.slug, 2]))
    assert [rule.value for rule in audience_rules_for(organisation=organisation)][1] == ""
    admin_client.post(reverse("audience_rules_reset", args=[organisation.slug]))
    assert audience_rules_for(organisation=organisation) == list(DEFAULT_RULES)


def test_the_person_page_says_which_rule_set_the_audience(
    admin_client: Client, organisation: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")
    roster_import(organisation=organisation, path=path)
    ceo = Person.objects.get(organisation=organisation, employee_id="E1")

    page = admin_client.get(reverse("person_detail", args=[organisation.slug, ceo.pk]))

    assert "(set by Rule 2: top of the tree → leadership)" in page.content.decode()


def test_an_import_that_fails_while_applying_undoes_the_audiences_the_rules_set(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialu.people.roster import staging

    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")
    assert roster_import(organisation=organisation, path=path).applied
    # Someone changes an audience by hand; the next import's rules would set it back.
    Person.objects.filter(organisation=organisation, employee_id="E2").update(audience="observer", audience_rule="")
    before = audiences(organisation)

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the last step of the apply fails")

    # The last step, after the people and the audiences are written in their short transactions.
    monkeypatch.setattr(staging, "people_deactivated_announce", fail)
    with pytest.raises(RuntimeError):
        roster_import(organisation=organisation, path=path)

    assert audiences(organisation) == before
    assert not staging.journal_root().joinpath(str(organisation.pk)).exists()
