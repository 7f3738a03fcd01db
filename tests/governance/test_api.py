"""The governance REST API through the test client with a bearer token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import Acknowledgement, Policy, SocialAccount
from socialu.governance.policies.services import policy_acknowledge
from socialu.governance.raci.services import raci_install_default
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.factories import PersonFactory, UnitFactory, member
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


class Api:
    """A client that sends a bearer token and speaks JSON."""

    def __init__(self, user: User, organisation: Organisation) -> None:
        _, raw = account_services.api_token_create(user=user, name="tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/orgs/{organisation.slug}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.base + path, params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            self.base + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            self.base + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def upload(self, path: str, content: bytes, **fields: str) -> Any:
        data = {"file": SimpleUploadedFile("accounts.csv", content, content_type="text/csv"), **fields}
        return self.client.post(self.base + path, data, headers=self.headers)


@pytest.fixture
def api(admin_user: User, organisation: Organisation) -> Api:
    return Api(admin_user, organisation)


@pytest.fixture
def learner_api(learner: Person, learner_user: User, organisation: Organisation) -> Api:
    return Api(learner_user, organisation)


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(
        organisation=organisation, name="Sam Carter", employee_id="E1", email="sam@acme.example"
    )


# --- Policies and acknowledgements -------------------------------------------------------------


def test_a_learner_lists_policies_and_sees_what_is_pending(learner_api: Api, policy: Policy) -> None:
    response = learner_api.get("/policies")
    assert response.status_code == 200
    [item] = response.json()
    assert item["slug"] == "social-media-policy" and item["my_status"] == "pending"
    assert item["current_version"]["number"] == 1 and item["version_to_acknowledge"] == 1
    detail = learner_api.get("/policies/social-media-policy").json()
    assert detail["body"].startswith("## Rules") and [v["number"] for v in detail["versions"]] == [1]
    assert learner_api.get("/policies/nope").status_code == 404


def test_a_learner_acknowledges_the_current_version_once(learner_api: Api, policy: Policy, learner: Person) -> None:
    response = learner_api.post("/policies/social-media-policy/acknowledgements", {"version": 1})
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 1 and response.json()["source"] == "web"
    assert learner_api.post("/policies/social-media-policy/acknowledgements", {"version": 1}).status_code == 201
    assert Acknowledgement.objects.filter(person=learner).count() == 1
    assert learner_api.get("/policies").json()[0]["my_status"] == "acknowledged"


def test_acknowledging_a_superseded_version_is_refused(learner_api: Api, policy: Policy, learner: Person) -> None:
    publish(policy, text="Version two")
    response = learner_api.post("/policies/social-media-policy/acknowledgements", {"version": 1})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This is not the current version of the policy. Read version 2 and acknowledge that one."
    )
    assert learner_api.post("/policies/social-media-policy/acknowledgements", {"version": 7}).status_code == 422
    assert not Acknowledgement.objects.filter(person=learner).exists()


def test_someone_not_in_the_roster_is_told_why(api: Api, policy: Policy) -> None:
    response = api.post("/policies/social-media-policy/acknowledgements", {"version": 1})
    assert response.status_code == 409 and "not linked to a person" in response.json()["detail"]


def test_the_bulk_import_is_all_or_nothing_and_idempotent(api: Api, policy: Policy, owner: Person) -> None:
    other = PersonFactory.create(organisation=policy.organisation, employee_id="E2")
    good = [
        {"employee_id": "E1", "policy": "social-media-policy", "version": 1, "acknowledged_at": "2026-01-10"},
        {"employee_id": "E2", "policy": "social-media-policy", "version": "1", "acknowledged_at": "2026-01-11T09:30"},
    ]
    bad = [*good, {"employee_id": "E404", "policy": "social-media-policy", "version": 9, "acknowledged_at": "soon"}]
    response = api.post("/acknowledgements/import", {"rows": bad})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["line"] == 4 and "E404" in error["message"] and "no version 9" in error["message"]
    assert not Acknowledgement.objects.exists()

    dry = api.post("/acknowledgements/import", {"rows": good, "dry_run": True}).json()
    assert dry == {"rows": 2, "created": 2, "already_recorded": 0, "dry_run": True}
    assert not Acknowledgement.objects.exists()
    assert api.post("/acknowledgements/import", {"rows": good}).json()["created"] == 2
    again = api.post("/acknowledgements/import", {"rows": good}).json()
    assert again["created"] == 0 and again["already_recorded"] == 2
    assert Acknowledgement.objects.filter(person__in=[owner, other], source="import").count() == 2


def test_coverage_counts_by_unit_and_audience(api: Api, policy: Policy, organisation: Organisation) -> None:
    unit = UnitFactory.create(organisation=organisation, name="Retail")
    people = [PersonFactory.create(organisation=organisation, unit=unit) for _ in range(3)]
    policy_acknowledge(person=people[0], version=policy.versions.get())
    data = api.get("/policies/social-media-policy/coverage").json()
    assert data["version"] == 1 and data["due_on"] == "2026-01-19"
    assert data["total"]["people"] == 3 and data["total"]["acknowledged"] == 1 and data["total"]["pending"] == 2
    assert data["total"]["overdue"] == 2  # it took effect on 5 January 2026, long ago
    assert [row["label"] for row in data["by_unit"]] == ["Retail"]
    assert data["by_audience"][0]["label"] == "Practitioner"


def test_learners_may_not_see_coverage_or_import(learner_api: Api, policy: Policy) -> None:
    assert learner_api.get("/policies/social-media-policy/coverage").status_code == 403
    assert learner_api.post("/acknowledgements/import", {"rows": []}).status_code == 403


# --- The registry ------------------------------------------------------------------------------


def test_accounts_are_created_listed_and_changed(api: Api, owner: Person) -> None:
    response = api.post(
        "/social-accounts",
        {"platform": "x", "handle": "@Kestrel_UK", "owner": "sam@acme.example", "credentials_reference": "Vault › X"},
    )
    assert response.status_code == 201, response.content
    account = response.json()
    assert account["handle"] == "Kestrel_UK" and account["owner"]["name"] == "Sam Carter"
    assert "password" not in json.dumps(account) and account["credentials_reference"] == "Vault › X"
    assert [item["handle"] for item in api.get("/social-accounts").json()] == ["Kestrel_UK"]
    assert api.get("/social-accounts", platform="linkedin").json() == []
    changed = api.patch(f"/social-accounts/{account['id']}", {"status": "dormant", "owner": None})
    assert changed.status_code == 200 and changed.json()["status"] == "dormant" and changed.json()["owner"] is None
    assert api.get(f"/social-accounts/{account['id']}").json()["status"] == "dormant"


def test_a_password_or_unknown_field_is_refused(api: Api, organisation: Organisation) -> None:
    response = api.post("/social-accounts", {"platform": "x", "handle": "acme", "password": "hunter2"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Remove the “password” field: SocialU never stores credentials, only where they are kept."
    )
    response = api.post("/social-accounts", {"platform": "x", "handle": "acme", "colour": "blue"})
    assert response.status_code == 422 and response.json()["detail"].startswith("Unknown field colour.")
    assert not SocialAccount.objects.filter(organisation=organisation).exists()


def test_duplicate_handles_and_unknown_owners_are_clear_errors(api: Api, organisation: Organisation) -> None:
    social_account_create(organisation=organisation, platform="x", handle="acme")
    response = api.post("/social-accounts", {"platform": "x", "handle": "@ACME"})
    assert response.status_code == 422
    assert response.json()["detail"] == "X (Twitter) account @acme is already in the registry. Edit that one instead."
    response = api.post("/social-accounts", {"platform": "x", "handle": "other", "owner": "E404"})
    assert response.status_code == 422 and "E404" in response.json()["detail"]


def test_the_csv_import_checks_first_and_reports_rows(api: Api, organisation: Organisation, owner: Person) -> None:
    good = b"platform,handle,owner_employee_id\nx,acme,E1\nlinkedin,acme-jobs,E1\n"
    dry = api.upload("/social-accounts/import", good, dry_run="true")
    assert dry.status_code == 200 and dry.json() == {"rows": 2, "created": 2, "updated": 0, "dry_run": True}
    assert not SocialAccount.objects.exists()
    bad = b"platform,handle,owner_employee_id\nx,acme,E404\nx,@ACME,E1\n"
    response = api.upload("/social-accounts/import", bad)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["line"] == 2 and "E404" in errors[0]["message"]
    assert errors[1]["line"] == 3 and "also on line 2" in errors[1]["message"]
    assert not SocialAccount.objects.exists()
    assert api.upload("/social-accounts/import", good).json()["created"] == 2
    assert api.upload("/social-accounts/import", good).json() == {
        "rows": 2,
        "created": 0,
        "updated": 0,
        "dry_run": False,
    }


def test_problems_say_who_should_act(api: Api, organisation: Organisation, owner: Person) -> None:
    account = social_account_create(organisation=organisation, platform="x", handle="acme", owner=owner)
    owner.is_active = False
    owner.save()
    problems = api.get("/social-accounts/problems").json()
    orphaned = [p for p in problems if p["kind"] == "orphaned"]
    assert orphaned == [
        {
            "account_id": account.pk,
            "account": "X (Twitter) acme",
            "kind": "orphaned",
            "severity": "high",
            "message": "Owner has left: Sam Carter is no longer active. Name a new owner.",
            "who_should_act": "a programme admin",
        }
    ]


def test_staff_read_the_registry_but_only_admins_change_it(organisation: Organisation) -> None:
    social_account_create(organisation=organisation, platform="x", handle="acme", credentials_reference="Vault › X")
    champion = Api(member(organisation, Role.CHAMPION), organisation)
    response = champion.get("/social-accounts")
    assert response.status_code == 200 and response.json()[0]["credentials_reference"] is None
    assert champion.post("/social-accounts", {"platform": "x", "handle": "acme"}).status_code == 403


# --- Who does what -----------------------------------------------------------------------------


def test_everyone_reads_who_does_what(learner_api: Api, organisation: Organisation) -> None:
    assert learner_api.get("/raci").json() == {"parties": [], "activities": []}
    raci_install_default(organisation=organisation)
    data = learner_api.get("/raci").json()
    labels = {party["key"]: party["label"] for party in data["parties"]}
    assert labels["role:programme_admin"] == "Programme admin" and labels["function:legal"] == "Legal"
    publishing = next(activity for activity in data["activities"] if activity["key"] == "publishing")
    assert publishing["assignments"]["function:communications-lead"] == "A"
    assert len(data["activities"]) >= 10
