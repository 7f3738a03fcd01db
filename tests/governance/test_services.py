"""Policies, versions and acknowledgement: the rules people rely on."""

from __future__ import annotations

from datetime import date

import pytest

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, PolicyVersion
from socialu.governance.policies.selectors import pending_policies
from socialu.governance.policies.services import (
    GovernanceError,
    policy_acknowledge,
    policy_create,
    policy_install_default,
    policy_version_publish,
)
from socialu.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_from_one_per_policy(organisation: Organisation) -> None:
    first = policy_create(organisation=organisation, title="Social media policy")
    second = policy_create(organisation=organisation, title="Brand guide", acknowledgement_required=False)

    numbers = [publish(first).number, publish(first).number, publish(second).number, publish(first).number]

    assert numbers == [1, 2, 1, 3]


def test_the_first_version_always_requires_acknowledgement(organisation: Organisation) -> None:
    created = policy_create(organisation=organisation, title="Social media policy")
    assert publish(created, requires_reacknowledgement=False).requires_reacknowledgement is True


def test_publishing_refuses_an_empty_summary_with_a_helpful_message(policy: Policy) -> None:
    with pytest.raises(GovernanceError, match="Write a short summary"):
        policy_version_publish(
            policy=policy,
            summary="  ",
            body="Rules",
            effective_on=date(2026, 1, 5),
            requires_reacknowledgement=True,
            user=None,
        )
    assert PolicyVersion.objects.filter(policy=policy).count() == 1


def test_policy_slugs_are_unique_per_organisation_only(organisation: Organisation) -> None:
    policy_create(organisation=organisation, title="Social media policy")
    with pytest.raises(GovernanceError, match="already a policy"):
        policy_create(organisation=organisation, title="Social media policy")
    other = OrganisationFactory.create(slug="other")
    assert policy_create(organisation=other, title="Social media policy").slug == "social-media-policy"


def test_a_reserved_slug_is_refused(organisation: Organisation) -> None:
    with pytest.raises(GovernanceError, match="used by SocialU"):
        policy_create(organisation=organisation, title="New")


def test_a_minor_edit_does_not_ask_again_but_a_major_one_does(policy: Policy, learner: Person) -> None:
    policy_acknowledge(person=learner, version=PolicyVersion.objects.get(policy=policy, number=1))
    assert pending_policies(organisation=policy.organisation, person=learner) == []

    publish(policy, requires_reacknowledgement=False, text="typo fixed")
    assert pending_policies(organisation=policy.organisation, person=learner) == []

    major = publish(policy, requires_reacknowledgement=True, text="new rules")
    assert pending_policies(organisation=policy.organisation, person=learner) == [major]

    policy_acknowledge(person=learner, version=major)
    assert pending_policies(organisation=policy.organisation, person=learner) == []


def test_acknowledging_a_superseded_version_is_refused_with_the_version_to_read(
    policy: Policy, learner: Person
) -> None:
    old = PolicyVersion.objects.get(policy=policy, number=1)
    publish(policy, requires_reacknowledgement=True)
    publish(policy, requires_reacknowledgement=True)

    with pytest.raises(GovernanceError) as refused:
        policy_acknowledge(person=learner, version=old)

    assert str(refused.value) == (
        "This is not the current version of the policy. Read version 3 and acknowledge that one."
    )
    assert not Acknowledgement.objects.filter(person=learner).exists()


def test_an_older_version_followed_only_by_minor_edits_may_still_be_acknowledged(
    policy: Policy, learner: Person
) -> None:
    publish(policy, requires_reacknowledgement=False)
    policy_acknowledge(person=learner, version=PolicyVersion.objects.get(policy=policy, number=1))
    assert pending_policies(organisation=policy.organisation, person=learner) == []


def test_acknowledging_twice_keeps_one_record_and_the_first_time(policy: Policy, learner: Person) -> None:
    version = PolicyVersion.objects.get(policy=policy)
    first = policy_acknowledge(person=learner, version=version)
    again = policy_acknowledge(person=learner, version=version)

    assert first.pk == again.pk
    assert again.acknowledged_at == first.acknowledged_at
    assert Acknowledgement.objects.filter(person=learner).count() == 1


def test_a_person_of_another_organisation_cannot_acknowledge(policy: Policy) -> None:
    stranger = PersonFactory.create(organisation=OrganisationFactory.create(slug="other"))
    with pytest.raises(GovernanceError, match="another organisation"):
        policy_acknowledge(person=stranger, version=PolicyVersion.objects.get(policy=policy))


def test_a_policy_for_some_audiences_is_pending_only_for_them(organisation: Organisation) -> None:
    leaders = policy_create(organisation=organisation, title="Leaders", audiences=[Audience.LEADERSHIP])
    version = publish(leaders)
    leader = PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    observer = PersonFactory.create(organisation=organisation, audience=Audience.OBSERVER)

    assert pending_policies(organisation=organisation, person=leader) == [version]
    assert pending_policies(organisation=organisation, person=observer) == []


def test_a_policy_that_needs_no_acknowledgement_is_never_pending(organisation: Organisation, learner: Person) -> None:
    publish(policy_create(organisation=organisation, title="Brand guide", acknowledgement_required=False))
    assert pending_policies(organisation=organisation, person=learner) == []


def test_an_unknown_audience_is_refused(organisation: Organisation) -> None:
    with pytest.raises(GovernanceError, match="Unknown audience"):
        policy_create(organisation=organisation, title="X", audiences=["aliens"])


def test_the_default_policy_installs_once(organisation: Organisation) -> None:
    policy, created = policy_install_default(organisation=organisation)
    again, created_again = policy_install_default(organisation=organisation)

    assert (created, created_again) == (True, False)
    assert again.pk == policy.pk
    version = PolicyVersion.objects.get(policy=policy)
    assert version.number == 1 and version.requires_reacknowledgement
    assert policy.acknowledgement_required and policy.audiences == []
    assert version.effective_on <= date.today()
    for topic in ("work here", "Project Falcon", "personal data", "competitors", "Don't delete", "Who to ask"):
        assert topic.lower() in version.body.lower(), topic
