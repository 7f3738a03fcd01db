"""The spokesperson register lists only people who have acknowledged every current policy that applies to
them, whatever the tier settings; a new version that asks everyone again moves certified people to
"Suspended until acknowledged" (page, CSV, API, CLI), reminds them once, and lists them again when they
acknowledge it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.certification.models import Tier
from socialu.certification.selectors import Standing, register_entries
from socialu.certification.services import standing_reminders_send
from socialu.core.models import Organisation
from socialu.governance.models import Policy, PolicyVersion
from socialu.governance.policies.services import policy_acknowledge, policy_create, policy_version_publish
from socialu.people.models import Person
from tests.certification.support import make_certificate, make_tier
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _publish(policy: Policy, *, again: bool = True) -> PolicyVersion:
    return policy_version_publish(
        policy=policy,
        summary="What it says.",
        body="The policy.",
        effective_on=date.today(),
        requires_reacknowledgement=again,
        user=None,
    )


@pytest.fixture
def policy(organisation: Organisation) -> Policy:
    policy = policy_create(organisation=organisation, title="Social media policy")
    _publish(policy)
    return policy


def _certified(organisation: Organisation, name: str, *, acknowledged: PolicyVersion | None = None) -> Person:
    """A person holding a certificate of a tier that does not ask for the policy (any tier settings)."""
    tier = Tier.objects.filter(organisation=organisation, slug="ambassador").first()
    tier = tier or make_tier(organisation, "ambassador", ("min_quiz_score", {"min_percent": 80}))
    person = PersonFactory.create(
        organisation=organisation, name=name, email=f"{name.split(maxsplit=1)[0].lower()}@acme.example"
    )
    make_certificate(organisation, person=person, tier=tier)
    if acknowledged is not None:
        policy_acknowledge(person=person, version=acknowledged, acknowledged_at=timezone.now() - timedelta(days=1))
    return person


def _names(organisation: Organisation, standing: str = Standing.LISTED) -> list[str]:
    return [entry.name for entry in register_entries(organisation=organisation, standing=standing)]


def test_only_people_who_acknowledged_every_current_policy_are_listed(
    organisation: Organisation, policy: Policy
) -> None:
    version = PolicyVersion.objects.get(policy=policy)
    _certified(organisation, "Ada Acked", acknowledged=version)
    _certified(organisation, "Nat Never")

    assert _names(organisation) == ["Ada Acked"]
    [suspended] = register_entries(organisation=organisation, standing=Standing.SUSPENDED)
    assert suspended.name == "Nat Never" and suspended.standing == Standing.SUSPENDED
    assert suspended.standing_label == "Suspended until acknowledged"
    assert suspended.outstanding == ("Acknowledge “Social media policy” (version 1)",)


def test_a_new_version_suspends_until_acknowledged_and_a_minor_edit_does_not(
    organisation: Organisation, policy: Policy
) -> None:
    first = PolicyVersion.objects.get(policy=policy)
    person = _certified(organisation, "Ada Acked", acknowledged=first)

    _publish(policy, again=False)  # a typo fix: nobody needs to read it again
    assert _names(organisation) == ["Ada Acked"]

    third = _publish(policy)
    assert _names(organisation) == []
    assert _names(organisation, Standing.SUSPENDED) == ["Ada Acked"]

    policy_acknowledge(person=person, version=third)
    assert _names(organisation) == ["Ada Acked"] and _names(organisation, Standing.SUSPENDED) == []


def test_a_policy_for_other_audiences_holds_nobody_back(organisation: Organisation) -> None:
    leaders = policy_create(organisation=organisation, title="Leaders' media policy", audiences=["leadership"])
    _publish(leaders)
    person = _certified(organisation, "Pat Practitioner")
    assert person.audience == "practitioner"

    assert _names(organisation) == ["Pat Practitioner"]


def test_suspended_people_are_reminded_once_per_version(organisation: Organisation, policy: Policy) -> None:
    first = PolicyVersion.objects.get(policy=policy)
    _certified(organisation, "Ada Acked", acknowledged=first)
    _certified(organisation, "Nat Never")

    assert standing_reminders_send(organisation=organisation) == 1
    [message] = mail.outbox
    assert message.to == ["nat@acme.example"]
    assert "not listed in its spokesperson register" in message.body
    assert "Acknowledge “Social media policy” (version 1)" in message.body
    assert "/o/acme/policies/" in message.body
    assert standing_reminders_send(organisation=organisation) == 0

    _publish(policy)  # now Ada must acknowledge too, and Nat's outstanding version changed
    assert standing_reminders_send(organisation=organisation) == 2
    assert standing_reminders_send(organisation=organisation) == 0


def test_the_register_page_counts_and_shows_the_suspended(
    organisation: Organisation, policy: Policy, admin_client: Client
) -> None:
    first = PolicyVersion.objects.get(policy=policy)
    _certified(organisation, "Ada Acked", acknowledged=first)
    _certified(organisation, "Nat Never")

    page = admin_client.get("/o/acme/register/").content.decode()
    assert "Ada Acked" in page and "Nat Never" not in page
    assert "1 certified person is suspended until acknowledged" in page

    suspended = admin_client.get("/o/acme/register/?standing=suspended").content.decode()
    assert "Nat Never" in suspended and "Ada Acked" not in suspended
    assert "Acknowledge “Social media policy” (version 1)" in suspended
    assert "Back to the 1 listed spokespeople" in suspended

    download = b"".join(admin_client.get("/o/acme/register.csv?standing=suspended").streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(download.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Standing", "Outstanding"]
    assert rows[1][0] == "Nat Never" and rows[1][-2] == "Suspended until acknowledged"
    listed = b"".join(admin_client.get("/o/acme/register.csv").streaming_content)  # type: ignore[attr-defined]
    assert [row[0] for row in csv.reader(io.StringIO(listed.decode("utf-8-sig")))][1:] == ["Ada Acked"]


def test_the_api_and_cli_list_by_standing(organisation: Organisation, policy: Policy, admin_user: User) -> None:
    first = PolicyVersion.objects.get(policy=policy)
    _certified(organisation, "Ada Acked", acknowledged=first)
    _certified(organisation, "Nat Never")
    _, raw = account_services.api_token_create(user=admin_user, name="tests")
    headers = {"Authorization": f"Bearer {raw}"}

    listed = Client().get("/api/v1/orgs/acme/spokesperson-register", headers=headers).json()
    suspended = Client().get("/api/v1/orgs/acme/spokesperson-register?standing=suspended", headers=headers).json()
    wrong = Client().get("/api/v1/orgs/acme/spokesperson-register?standing=maybe", headers=headers)

    assert [(entry["name"], entry["standing"]) for entry in listed] == [("Ada Acked", "listed")]
    assert [(entry["name"], entry["standing"]) for entry in suspended] == [("Nat Never", "suspended")]
    assert suspended[0]["outstanding"] == ["Acknowledge “Social media policy” (version 1)"]
    assert wrong.status_code == 422 and "listed or suspended" in wrong.json()["detail"]

    out = io.StringIO()
    call_command("certification", "register", "--org", "acme", "--standing", "suspended", "--json", stdout=out)
    assert [entry["name"] for entry in json.loads(out.getvalue())["suspended"]] == ["Nat Never"]
    out = io.StringIO()
    call_command("certification", "register", "--org", "acme", "--standing", "suspended", stdout=out)
    assert "Suspended until acknowledged: Acknowledge" in out.getvalue()
    out = io.StringIO()
    call_command("certification", "register", "--org", "acme", stdout=out)
    assert "Ada Acked" in out.getvalue() and "Nat Never" not in out.getvalue()


def test_the_holder_is_told_on_their_pages(
    organisation: Organisation, policy: Policy, learner: Person, learner_client: Client
) -> None:
    tier = make_tier(organisation, "ambassador", ("min_quiz_score", {"min_percent": 80}))
    make_certificate(organisation, person=learner, tier=tier)

    mine = learner_client.get("/o/acme/certificates/").content.decode()
    home = learner_client.get("/o/acme/").content.decode()

    for page in (mine, home):
        assert "Suspended until acknowledged" in page
        assert 'href="/o/acme/policies/"' in page

    policy_acknowledge(person=learner, version=PolicyVersion.objects.get(policy=policy))
    assert "Suspended until acknowledged" not in learner_client.get("/o/acme/certificates/").content.decode()
