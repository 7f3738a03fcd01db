"""Passed practice reviews count as certification evidence: the ``practice_reviews_passed`` kind."""

from __future__ import annotations

import pytest

from socialu.certification.requirements import requirement_kind
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.practice.helpers import FALCON, RESTOCK, install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db

FAILING = {"clarity": 2, "tone": 2, "policy_compliance": 2, "helpfulness": 2, "platform_fit": 2}


def test_the_kind_is_registered_when_the_app_is_ready() -> None:
    kind = requirement_kind("practice_reviews_passed")
    assert kind is not None
    assert kind.label == "Practice reviews passed"
    assert kind.describe({"count": 3, "difficulty": "intermediate"}) == (
        "Pass a review of 3 practice scenarios (intermediate or harder)"
    )
    assert kind.validate({"count": 2}) == []
    assert (
        kind.validate({"count": 0, "difficulty": "expert", "colour": "red"})
        and len(kind.validate({"count": 0, "difficulty": "expert", "colour": "red"})) == 3
    )


def test_people_meeting_counts_passed_reviews_on_different_scenarios(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    restock, falcon = sorted(install(organisation, RESTOCK, FALCON), key=lambda s: s.slug != RESTOCK)
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    _, both = learner_person(organisation, "both@acme.example")
    _, twice_same = learner_person(organisation, "twice@acme.example")
    _, failed = learner_person(organisation, "failed@acme.example")
    _, waiting = learner_person(organisation, "waiting@acme.example")
    reviewed(submitted(organisation, both, restock), mentor)
    reviewed(submitted(organisation, both, falcon), mentor)
    reviewed(submitted(organisation, twice_same, restock), mentor)
    reviewed(submitted(organisation, twice_same, restock), mentor)
    reviewed(submitted(organisation, failed, restock), mentor, FAILING)
    submitted(organisation, waiting, restock)
    kind = requirement_kind("practice_reviews_passed")
    assert kind is not None

    assert kind.people_meeting(organisation, {}, None) == {both.pk, twice_same.pk}
    assert kind.people_meeting(organisation, {"count": 2}, None) == {both.pk}
    assert kind.people_meeting(organisation, {"difficulty": "advanced"}, None) == {both.pk}
    assert kind.people_meeting(organisation, {"count": 1}, [twice_same.pk, failed.pk]) == {twice_same.pk}
    assert kind.people_meeting(other_organisation, {}, None) == set()
