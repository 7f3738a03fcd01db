"""The audit log records what admins, facilitators, API tokens and the command line change — and nothing else."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import AuditEntry, Organisation
from socialu.core.roles import Role
from socialu.governance.models import Policy
from socialu.people.models import Person
from tests.factories import PersonFactory, member


def test_an_admin_creating_and_renaming_a_policy_in_the_browser_is_recorded(
    organisation: Organisation, admin_client: Client, admin_user: User
) -> None:
    admin_client.post("/o/acme/policies/new/", {"title": "Social media policy", "acknowledgement_required": "on"})
    policy = Policy.objects.get(organisation=organisation)
    created = AuditEntry.objects.get(organisation=organisation, object_type="governance.policy", action="created")
    assert created.actor == admin_user and created.actor_label == "admin@acme.example"
    assert created.via == "web" and "programme_admin" in created.actor_roles
    assert created.object_id == str(policy.pk) and created.object_label == "Social media policy"
    assert created.changes["title"] == [None, "Social media policy"]
    assert len(created.request_id) == 32 and created.client_address == "127.0.0.1"


def test_a_change_records_each_changed_field_before_and_after(organisation: Organisation, admin_user: User) -> None:
    person = PersonFactory.create(organisation=organisation, name="Ann Old", job_title="Clerk")
    _, raw = account_services.api_token_create(user=admin_user, name="hr sync")

    response = Client().patch(
        f"/api/v1/orgs/acme/people/{person.pk}",
        {"name": "Ann New", "job_title": "Clerk"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200
    entry = AuditEntry.objects.get(object_type="people.person", action="updated")
    assert entry.changes == {"name": ["Ann Old", "Ann New"]}
    assert entry.via == "api" and entry.api_token == f"token {raw[:8]}…" and entry.actor == admin_user


def test_a_learner_changing_their_own_things_is_not_an_admin_action(
    organisation: Organisation, learner_client: Client, learner: Person
) -> None:
    from tests.practice.helpers import install

    install(organisation)
    response = learner_client.put(
        "/api/v1/orgs/acme/practice/scenarios/restock-date-question/draft",
        {"text": "Back next week!"},
        content_type="application/json",
    )
    assert response.status_code < 300, response.content
    assert Person.objects.filter(pk=learner.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_learner_with_an_api_token_is_recorded(organisation: Organisation, learner: Person) -> None:
    from tests.practice.helpers import install

    install(organisation)
    assert learner.user_id is not None
    _, raw = account_services.api_token_create(user=User.objects.get(pk=learner.user_id), name="script")
    response = Client().put(
        "/api/v1/orgs/acme/practice/scenarios/restock-date-question/draft",
        {"text": "Back next week!"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code < 300, response.content
    assert AuditEntry.objects.filter(via="api", object_type="practice.attempt", action="created").exists()


def test_a_facilitator_is_recorded_a_mentor_is_not_and_roles_count_in_the_rows_organisation(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    from django.test import RequestFactory

    from socialu.core.audit import AuditContext, audit_context

    facilitator = member(organisation, Role.FACILITATOR, email="fay@acme.example")
    mentor = member(organisation, Role.MENTOR, email="max@acme.example")
    for user, name in ((facilitator, "By Fay"), (mentor, "By Max")):
        request = RequestFactory().post("/")
        request.user = user
        with audit_context(AuditContext(via="web", request=request)):
            PersonFactory.create(organisation=organisation, name=name)
            # A facilitator here holds no role there: a row of the other organisation is not theirs to log.
            PersonFactory.create(organisation=other_organisation, name=f"{name} elsewhere")

    entries = AuditEntry.objects.all()
    assert [(entry.object_label.split(" (")[0], entry.actor_roles) for entry in entries] == [
        ("By Fay", "facilitator,learner")
    ]
    assert entries[0].organisation == organisation


def test_deleting_records_what_was_deleted_and_the_command_line_is_named(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation, name="Del Eted")
    from socialu.core.audit import AuditContext, audit_context

    with audit_context(AuditContext(via="cli", command="shell")):
        person.delete()

    entry = AuditEntry.objects.get(action="deleted")
    assert entry.actor_label == "command line: socialu shell" and entry.changes["name"] == ["Del Eted", None]


def test_filters_and_csv_export(organisation: Organisation, admin_client: Client) -> None:
    admin_client.post("/o/acme/policies/new/", {"title": "Policy one"})
    admin_client.post("/o/acme/policies/new/", {"title": "Policy two"})
    AuditEntry.objects.filter(object_label="Policy one").update(at=timezone.now() - timedelta(days=10))

    admin_client.get("/o/acme/")  # shows (and so clears) the "policy created" messages

    page = admin_client.get("/o/acme/audit/", {"search": "two"}).content.decode()
    assert "Policy two" in page and "Policy one" not in page
    recent = admin_client.get("/o/acme/audit/", {"since": (timezone.now() - timedelta(days=2)).date().isoformat()})
    assert "Policy two" in recent.content.decode() and "Policy one" not in recent.content.decode()

    response = admin_client.get("/o/acme/audit/export.csv", {"object_type": "governance.policy"})
    streamed: Any = response
    rows = list(csv.DictReader(io.StringIO(b"".join(streamed.streaming_content).decode())))
    titles = {row["After"] for row in rows if row["Field"] == "title"}
    assert titles == {"Policy one", "Policy two"}
    assert {row["Who"] for row in rows} == {"admin@acme.example"}


def test_only_admins_read_the_audit_log(organisation: Organisation, learner_client: Client) -> None:
    assert learner_client.get("/o/acme/audit/").status_code == 403


def test_the_api_and_the_command_line_read_the_log(
    organisation: Organisation, admin_client: Client, admin_user: User, tmp_path: object
) -> None:
    admin_client.post("/o/acme/policies/new/", {"title": "Crisis policy"})
    _, raw = account_services.api_token_create(user=admin_user, name="siem")
    listed = Client().get("/api/v1/orgs/acme/audit", {"action": "created"}, headers={"Authorization": f"Bearer {raw}"})
    assert any(item["object"] == "Crisis policy" for item in listed.json()["items"])
    out = io.StringIO()
    call_command("audit", "--org", "acme", stdout=out)
    assert "Crisis policy" in out.getvalue()
