"""A small organisation whose programme figures are easy to count by hand."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from socialu.certification.models import Certificate, Tier
from socialu.core.models import Organisation
from socialu.curriculum.models import Component, Course
from socialu.learning.models import Enrolment
from socialu.people.models import Person, Unit, UnitKind
from tests.factories import PersonFactory, UnitFactory


def make_tier(organisation: Organisation, slug: str, name: str, rank: int) -> Tier:
    return Tier.objects.create(organisation=organisation, slug=slug, name=name, rank=rank)


def certify(
    person: Person,
    tier: Tier,
    *,
    issued: datetime | None = None,
    expires: datetime | None = None,
    revoked: datetime | None = None,
) -> Certificate:
    now = timezone.now()
    issued_at = issued or now - timedelta(days=30)
    return Certificate.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        tier=tier,
        code=secrets.token_hex(8),
        holder_name=person.name,
        tier_name=tier.name,
        issued_at=issued_at,
        expires_at=expires or issued_at + timedelta(days=365),
        revoked_at=revoked,
    )


def make_course(organisation: Organisation, slug: str, title: str) -> Course:
    component, _ = Component.objects.get_or_create(
        organisation=organisation, slug="basics", defaults={"number": 1, "title": "Basics", "summary": "The basics."}
    )
    return Course.objects.create(
        organisation=organisation, slug=slug, title=title, summary=f"About {title}.", component=component
    )


def enrol(person: Person, slug: str, *, enrolled_days_ago: float, completed_days_ago: float | None = None) -> Enrolment:
    now = timezone.now()
    return Enrolment.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        course_slug=slug,
        enrolled_at=now - timedelta(days=enrolled_days_ago),
        completed_at=None if completed_days_ago is None else now - timedelta(days=completed_days_ago),
    )


@dataclass
class Programme:
    organisation: Organisation
    north: Unit
    south: Unit
    ambassador: Tier
    practitioner: Tier
    people: dict[str, Person]


@pytest.fixture
def programme(organisation: Organisation) -> Programme:
    """Five active people and one who left, in two divisions (one with a team below it) and no unit.

    Ambassador: Ada (current) and Eve (two current certificates) hold it; Ben's
    expired, Cy's was revoked, and Dee has left. Practitioner: Ada only.
    """
    north = UnitFactory.create(organisation=organisation, name="North", kind=UnitKind.DIVISION)
    north_team = UnitFactory.create(organisation=organisation, name="Team 1", parent=north, depth=1)
    south = UnitFactory.create(organisation=organisation, name="South", kind=UnitKind.DIVISION)
    people = {
        "ada": PersonFactory.create(
            organisation=organisation, name="Ada", unit=north_team, audience="practitioner", location="London"
        ),
        "ben": PersonFactory.create(
            organisation=organisation, name="Ben", unit=north, audience="observer", location="Paris"
        ),
        "cy": PersonFactory.create(
            organisation=organisation, name="Cy", unit=south, audience="practitioner", location="London"
        ),
        "dee": PersonFactory.create(
            organisation=organisation, name="Dee", unit=south, audience="observer", location="London", is_active=False
        ),
        "eve": PersonFactory.create(
            organisation=organisation, name="Eve", unit=None, audience="leadership", location=""
        ),
        "fay": PersonFactory.create(
            organisation=organisation, name="Fay", unit=south, audience="observer", location="Paris"
        ),
    }
    ambassador = make_tier(organisation, "ambassador", "Ambassador", 1)
    practitioner = make_tier(organisation, "practitioner", "Practitioner", 2)
    now = timezone.now()
    certify(people["ada"], ambassador)
    certify(people["ada"], practitioner)
    certify(people["ben"], ambassador, issued=now - timedelta(days=400), expires=now - timedelta(days=35))
    certify(people["cy"], ambassador, revoked=now - timedelta(days=1))
    certify(people["dee"], ambassador)
    certify(people["eve"], ambassador, issued=now - timedelta(days=300))
    certify(people["eve"], ambassador, issued=now - timedelta(days=10))

    make_course(organisation, "intro", "Introduction to social media")
    make_course(organisation, "deep", "Going deeper")
    enrol(people["ada"], "intro", enrolled_days_ago=10, completed_days_ago=2)
    enrol(people["ben"], "intro", enrolled_days_ago=20, completed_days_ago=6)
    enrol(people["cy"], "intro", enrolled_days_ago=5)
    enrol(people["dee"], "intro", enrolled_days_ago=50)
    enrol(people["fay"], "deep", enrolled_days_ago=40, completed_days_ago=10)
    return Programme(organisation, north, south, ambassador, practitioner, people)
