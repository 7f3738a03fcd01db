"""Helpers for certification tests: a tier, a passed course, a certificate."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from socialu.accounts.models import User
from socialu.certification.awarding import code_generate
from socialu.certification.models import Certificate, Requirement, Tier
from socialu.core.models import Organisation
from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.learning.services import lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.learning.conftest import ALL_RIGHT

ALL_WRONG = {"pick-one": [1], "pick-all": [1], "true-or-false": [1], "the-scenario": [0]}


def make_tier(
    organisation: Organisation, slug: str = "ambassador", *requirements: tuple[str, dict[str, Any]], rank: int = 1
) -> Tier:
    tier = Tier.objects.create(organisation=organisation, slug=slug, name=slug.title(), rank=rank)
    for position, (kind, parameters) in enumerate(requirements):
        Requirement.objects.create(
            organisation=organisation, tier=tier, kind=kind, parameters=parameters, position=position
        )
    return tier


def complete_basics(person: Person, answers: dict[str, list[int]] | None = None) -> None:
    """Do every lesson of the basics course and submit its quiz (all right unless told otherwise)."""
    course = Course.objects.get(organisation_id=person.organisation_id, slug="basics")
    for lesson in Lesson.objects.filter(module__course=course).order_by("module__position", "position"):
        lesson_complete(person=person, lesson=lesson)
    quiz_attempt_submit(person=person, quiz=Quiz.objects.get(course=course), answers=answers or ALL_RIGHT)


def make_certificate(
    organisation: Organisation,
    *,
    person: Person | None = None,
    user: User | None = None,
    tier: Tier | None = None,
    issued_at: datetime | None = None,
    months: int = 12,
) -> Certificate:
    """Create a certificate directly (for pages and API tests that need one to exist)."""
    tier = tier or Tier.objects.filter(organisation=organisation, slug="ambassador").first() or make_tier(organisation)
    person = person or PersonFactory.create(organisation=organisation, user=user)
    issued = issued_at or timezone.now() - timedelta(days=1)
    return Certificate.objects.create(
        organisation=organisation,
        person=person,
        tier=tier,
        code=code_generate(),
        holder_name=person.name,
        tier_name=tier.name,
        issued_at=issued,
        expires_at=issued + timedelta(days=30 * months),
    )


def matrix_tier(organisation: Organisation) -> Tier:
    """Return the organisation's "ambassador" tier (with one requirement), creating it once."""
    tier = Tier.objects.filter(organisation=organisation, slug="ambassador").first()
    return tier or make_tier(organisation, "ambassador", ("min_quiz_score", {"min_percent": 80}))


def _matrix_requirement_id(organisation: Organisation, requester: User) -> int:
    requirement = matrix_tier(organisation).requirements.first()
    assert requirement is not None
    return requirement.pk


# URL and path arguments for tests/core/test_permissions_matrix.py: (organisation, requester) → value.
MATRIX_ARGUMENT_MAKERS: dict[str, Any] = {
    "tier_slug": lambda organisation, requester: matrix_tier(organisation).slug,
    "requirement_id": _matrix_requirement_id,
    "certificate_id": lambda organisation, requester: (
        make_certificate(
            organisation,
            tier=matrix_tier(organisation),
            person=PersonFactory.create(organisation=organisation, user=requester),
        ).pk
    ),
    "code": lambda organisation, requester: make_certificate(organisation, tier=matrix_tier(organisation)).code,
}
