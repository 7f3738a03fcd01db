"""Governance inside certification: "policy acknowledged" as a requirement, and uncertified account owners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from socialu.certification.models import Certificate, Tier
from socialu.certification.requirements import requirement_kind
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.governance.models import Policy
from socialu.governance.policies.services import policy_acknowledge, policy_create
from socialu.governance.registry.selectors import ProblemKind, registry_problems, uncertified_owner_problems
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


def _meeting(organisation: Organisation, parameters: dict[str, object], ids: list[int] | None = None) -> set[int]:
    kind = requirement_kind("policy_acknowledged")
    assert kind is not None
    return kind.people_meeting(organisation, parameters, ids)


def test_the_kind_is_registered_with_a_description_and_validation() -> None:
    kind = requirement_kind("policy_acknowledged")
    assert kind is not None and kind.label == "Policy acknowledged"
    assert kind.describe({}) == "Acknowledge the current version of every policy that applies to you"
    assert "social-media-policy" in kind.describe({"policy": "social-media-policy"})
    assert kind.validate({"policy": "social-media-policy"}) == []
    assert kind.validate({"policy": "Not a slug!"}) == [
        "“policy” must be a policy's web address name, such as social-media-policy."
    ]
    assert kind.validate({"course": "x"})[0].startswith("Unknown setting(s): course")


def test_people_meet_it_only_for_the_current_version(organisation: Organisation, policy: Policy) -> None:
    done, pending, other = (PersonFactory.create(organisation=organisation) for _ in range(3))
    first = policy.versions.get(number=1)
    policy_acknowledge(person=done, version=first)
    policy_acknowledge(person=other, version=first)
    assert _meeting(organisation, {"policy": policy.slug}) == {done.pk, other.pk}
    assert _meeting(organisation, {"policy": policy.slug}, [done.pk, pending.pk]) == {done.pk}

    second = publish(policy, text="New rules")
    assert _meeting(organisation, {}) == set()
    policy_acknowledge(person=done, version=second)
    assert _meeting(organisation, {}) == {done.pk}
    # A minor edit does not ask anyone to acknowledge again.
    publish(policy, requires_reacknowledgement=False, text="Typo fixed")
    assert _meeting(organisation, {"policy": policy.slug}) == {done.pk}


def test_without_a_policy_every_applicable_policy_counts(organisation: Organisation, policy: Policy) -> None:
    leaders = policy_create(organisation=organisation, title="Leaders' media rules", audiences=[Audience.LEADERSHIP])
    publish(leaders)
    optional = policy_create(organisation=organisation, title="Style guide", acknowledgement_required=False)
    publish(optional)
    leader = PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    analyst = PersonFactory.create(organisation=organisation, audience=Audience.PRACTITIONER)
    for person in (leader, analyst):
        policy_acknowledge(person=person, version=policy.versions.get())
    # The leaders' policy does not apply to the analyst; the style guide asks nobody.
    assert _meeting(organisation, {}) == {analyst.pk}
    policy_acknowledge(person=leader, version=leaders.versions.get())
    assert _meeting(organisation, {}) == {analyst.pk, leader.pk}


def test_a_missing_policy_is_met_by_nobody(organisation: Organisation, policy: Policy) -> None:
    person = PersonFactory.create(organisation=organisation)
    policy_acknowledge(person=person, version=policy.versions.get())
    assert _meeting(organisation, {"policy": "no-such-policy"}) == set()


def test_it_is_one_query_per_policy(
    organisation: Organisation, policy: Policy, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(30):
        policy_acknowledge(person=PersonFactory.create(organisation=organisation), version=policy.versions.get())
    with django_assert_max_num_queries(4):
        assert len(_meeting(organisation, {})) == 30


# --- Owners who are not certified spokespeople ---------------------------------------------


def _tier(organisation: Organisation, *, active: bool = True) -> Tier:
    return Tier.objects.create(organisation=organisation, slug="spokesperson", name="Spokesperson", is_active=active)


def _certify(person: Person, tier: Tier) -> None:
    now = timezone.now()
    Certificate.objects.create(
        organisation=person.organisation,
        person=person,
        tier=tier,
        code=f"CODE{person.pk}",
        holder_name=person.name,
        tier_name=tier.name,
        issued_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=365),
    )


def test_without_certification_nobody_is_flagged(organisation: Organisation) -> None:
    owner = PersonFactory.create(organisation=organisation)
    social_account_create(organisation=organisation, platform="x", handle="acme", owner=owner)
    _tier(organisation, active=False)
    assert not [p for p in registry_problems(organisation=organisation) if p.kind == ProblemKind.UNCERTIFIED_OWNER]


def test_uncertified_owners_are_flagged_with_who_should_act(organisation: Organisation) -> None:
    tier = _tier(organisation)
    certified = PersonFactory.create(organisation=organisation, name="Cara Certified")
    uncertified = PersonFactory.create(organisation=organisation, name="Uma Uncertified")
    left = PersonFactory.create(organisation=organisation, name="Lou Left", is_active=False)
    _certify(certified, tier)
    good = social_account_create(organisation=organisation, platform="x", handle="good", owner=certified)
    bad = social_account_create(
        organisation=organisation, platform="linkedin", handle="bad", owner=uncertified, backup_owner=certified
    )
    orphan = social_account_create(organisation=organisation, platform="tiktok", handle="gone", owner=left)
    problems = uncertified_owner_problems(organisation=organisation, accounts=[good, bad, orphan])
    assert [(p.account.pk, p.who_should_act) for p in problems] == [(bad.pk, "Uma Uncertified")]
    assert problems[0].message.startswith("The owner, Uma Uncertified, is not a certified spokesperson.")
    listed = [p for p in registry_problems(organisation=organisation) if p.kind == ProblemKind.UNCERTIFIED_OWNER]
    assert [p.account.pk for p in listed] == [bad.pk]


def test_an_expired_certificate_does_not_count(organisation: Organisation) -> None:
    tier = _tier(organisation)
    owner = PersonFactory.create(organisation=organisation, name="Eve Expired")
    _certify(owner, tier)
    Certificate.objects.filter(person=owner).update(expires_at=timezone.now() - timedelta(days=1))
    account = social_account_create(organisation=organisation, platform="x", handle="acme", owner=owner)
    assert [p.who_should_act for p in uncertified_owner_problems(organisation=organisation, accounts=[account])] == [
        "Eve Expired"
    ]


def test_the_registry_page_shows_an_uncertified_owner_and_who_should_act(
    organisation: Organisation, admin_client: Client
) -> None:
    _tier(organisation)
    owner = PersonFactory.create(organisation=organisation, name="Uma Uncertified")
    social_account_create(organisation=organisation, platform="x", handle="acme", owner=owner)
    page = admin_client.get("/o/acme/accounts/").content.decode()
    assert "Not certified</span>" in page
    assert "The owner, Uma Uncertified, is not a certified spokesperson." in page
    assert "Who should act: Uma Uncertified" in page
