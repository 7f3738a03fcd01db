"""Helpers for skills tests: the taxonomy loaded, courses tied to competencies, real learning records."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.curriculum.models import Competency, Component, Course, CourseCompetency, CourseStatus, Quiz
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.models import Person
from socialu.skills import services
from socialu.skills.content import shipped_taxonomy


def taxonomy(organisation: Organisation) -> None:
    services.taxonomy_load(organisation=organisation, taxonomy=shipped_taxonomy())


def course(organisation: Organisation, slug: str, *competencies: str) -> Course:
    """Return a published course tied to *competencies* (created with its component and quiz)."""
    component, _ = Component.objects.get_or_create(
        organisation=organisation, number=1, defaults={"slug": "craft", "title": "Craft", "summary": "Craft."}
    )
    created = Course.objects.create(
        organisation=organisation,
        slug=slug,
        title=slug.replace("-", " ").title(),
        summary="A course.",
        component=component,
        status=CourseStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Quiz.objects.create(organisation=organisation, course=created, title=f"{created.title} quiz")
    for slug_of_competency in competencies:
        competency, _ = Competency.objects.get_or_create(
            organisation=organisation,
            slug=slug_of_competency,
            defaults={"name": slug_of_competency.title(), "description": "A competency."},
        )
        CourseCompetency.objects.create(organisation=organisation, course=created, competency=competency)
    return created


def days_ago(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


def completed(person: Person, course: Course, *, when: datetime | None = None) -> Enrolment:
    moment = when or days_ago(10)
    return Enrolment.objects.create(
        organisation=person.organisation,
        person=person,
        course_slug=course.slug,
        enrolled_at=moment - timedelta(days=5),
        completed_at=moment,
        completed_version=course.version,
    )


def quiz_passed(person: Person, course: Course, *, score: int = 90, when: datetime | None = None) -> QuizAttempt:
    moment = when or days_ago(10)
    return QuizAttempt.objects.create(
        organisation=person.organisation,
        person=person,
        quiz=course.quiz,
        course_version=course.version,
        started_at=moment - timedelta(minutes=20),
        submitted_at=moment,
        score_percent=score,
        passed=True,
    )
