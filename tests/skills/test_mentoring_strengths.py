"""The skills app feeds mentors' evidenced strengths to the mentor matcher (0..1, never above 1)."""

from __future__ import annotations

import pytest

from socialu.core.models import Organisation
from socialu.mentoring.models import MentorProfile
from socialu.mentoring.strengths import strengths_for as mentoring_strengths_for
from socialu.people.models import Person
from socialu.skills import services as skill_services
from socialu.skills.mentoring import HALF_AT, evidenced_strengths
from tests.factories import PersonFactory
from tests.skills.helpers import taxonomy

pytestmark = pytest.mark.django_db


def test_evidence_raises_a_mentors_strength_on_mentorings_scale(organisation: Organisation) -> None:
    taxonomy(organisation)
    mentor: Person = PersonFactory.create(organisation=organisation)
    manager: Person = PersonFactory.create(organisation=organisation)
    mentor.manager = manager
    mentor.save(update_fields=["manager"])
    skill_services.self_rating_set(organisation=organisation, person=mentor, skill_slug="video", level=5)
    skill_services.endorsement_add(organisation=organisation, endorser=manager, person_id=mentor.pk, skill_slug="video")

    scores = evidenced_strengths(organisation, [mentor.pk])

    assert 0 < scores[mentor.pk]["video"] < 0.5  # a claim and an endorsement alone are weak evidence
    profile = MentorProfile(person=mentor, strengths={"video": 0.1})
    assert mentoring_strengths_for(organisation=organisation, profiles=[profile])[mentor.pk]["video"] == pytest.approx(
        scores[mentor.pk]["video"]
    )


def test_the_scale_reads_half_at_its_midpoint_and_never_reaches_one() -> None:
    assert HALF_AT / (HALF_AT + HALF_AT) == 0.5
    assert 1000 / (1000 + HALF_AT) < 1
