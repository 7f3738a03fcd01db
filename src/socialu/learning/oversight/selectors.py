"""Reads for the people who follow learners: a person's progress, attempts, and enrolments by course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.curriculum.models import Course, CourseStatus
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.selectors import MyLearning, my_learning
from socialu.people.models import Person
from socialu.people.selectors import people_in

SEARCH_LIMIT = 50


def person_find(*, organisation: Organisation, identifier: str) -> Person | None:
    """Return the person whose email (any case) or employee id is *identifier*, or None."""
    identifier = identifier.strip()
    if not identifier:
        return None
    people = people_in(organisation=organisation)
    return (
        people.filter(employee_id=identifier).first() or people.filter(email__iexact=identifier).order_by("pk").first()
    )


def people_search(*, organisation: Organisation, query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """Return up to *limit* people whose name or email contains *query*, or whose employee id starts with it."""
    query = query.strip()
    if not query:
        return []
    return list(
        people_in(organisation=organisation)
        .filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(employee_id__istartswith=query))
        .select_related("unit")
        .order_by("name", "pk")[:limit]
    )


@dataclass(frozen=True)
class CompletionRow:
    course_slug: str
    course_title: str
    course_version: int
    lesson_title: str
    completed_at: datetime


@dataclass(frozen=True)
class AttemptRow:
    attempt_id: int
    course_slug: str
    course_title: str
    course_version: int
    submitted_at: datetime | None
    score_percent: int | None
    passed: bool | None


def lesson_completions(*, organisation: Organisation, person: Person) -> list[CompletionRow]:
    """Return the lessons *person* has done, newest first, with the course version each belonged to."""
    rows = (
        LessonCompletion.objects.filter(organisation=organisation, person=person)
        .select_related("lesson__module__course")
        .order_by("-completed_at", "-pk")
    )
    return [
        CompletionRow(
            course_slug=row.lesson.module.course.slug,
            course_title=row.lesson.module.course.title,
            course_version=row.lesson.module.course.version,
            lesson_title=row.lesson.title,
            completed_at=row.completed_at,
        )
        for row in rows
    ]


def quiz_attempts(*, organisation: Organisation, person: Person, course_slug: str = "") -> list[AttemptRow]:
    """Return *person*'s submitted quiz attempts (of one course, or all), oldest first."""
    rows = QuizAttempt.objects.filter(organisation=organisation, person=person, submitted_at__isnull=False)
    if course_slug:
        rows = rows.filter(quiz__course__slug=course_slug)
    return [
        AttemptRow(
            attempt_id=row.pk,
            course_slug=row.quiz.course.slug,
            course_title=row.quiz.course.title,
            course_version=row.course_version,
            submitted_at=row.submitted_at,
            score_percent=row.score_percent,
            passed=row.passed,
        )
        for row in rows.select_related("quiz__course").order_by("submitted_at", "pk")
    ]


@dataclass(frozen=True)
class LearnerProgress:
    person: Person
    learning: MyLearning
    completions: list[CompletionRow]
    attempts: list[AttemptRow]


def learner_progress(*, organisation: Organisation, person: Person) -> LearnerProgress:
    """Return one person's enrolments with progress, the lessons they did and their quiz attempts."""
    return LearnerProgress(
        person=person,
        learning=my_learning(organisation=organisation, person=person),
        completions=lesson_completions(organisation=organisation, person=person),
        attempts=quiz_attempts(organisation=organisation, person=person),
    )


@dataclass(frozen=True)
class CourseEnrolments:
    slug: str
    title: str
    enrolled: int
    completed: int
    overdue: int
    without_due_date: int


def enrolments_by_course(*, organisation: Organisation) -> list[CourseEnrolments]:
    """Return, for each course anyone is enrolled in, how many are enrolled, done, overdue and undated."""
    today = timezone.localdate()
    titles = dict(Course.objects.filter(organisation=organisation).order_by("version").values_list("slug", "title"))
    rows = (
        Enrolment.objects.filter(organisation=organisation)
        .values("course_slug")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            overdue=Count("pk", filter=Q(completed_at__isnull=True, due_on__lt=today)),
            undated=Count("pk", filter=Q(completed_at__isnull=True, due_on__isnull=True)),
        )
        .order_by("course_slug")
    )
    return sorted(
        (
            CourseEnrolments(
                slug=row["course_slug"],
                title=titles.get(row["course_slug"], row["course_slug"]),
                enrolled=row["enrolled"],
                completed=row["completed"],
                overdue=row["overdue"],
                without_due_date=row["undated"],
            )
            for row in rows
        ),
        key=lambda item: item.title.lower(),
    )


def course_choices(*, organisation: Organisation) -> list[tuple[str, str]]:
    """Return (slug, title) of every course learners can take now, by title."""
    rows = (
        Course.objects.filter(organisation=organisation, status=CourseStatus.PUBLISHED)
        .order_by("version")
        .values_list("slug", "title")
    )
    return sorted(dict(rows).items(), key=lambda item: item[1].lower())


@dataclass(frozen=True)
class OverduePerson:
    person: Person
    overdue: int


def overdue_people(*, organisation: Organisation, limit: int = SEARCH_LIMIT) -> tuple[list[OverduePerson], int]:
    """Return up to *limit* active people with overdue required learning (most overdue courses first), and the total."""
    today = timezone.localdate()
    rows = (
        Enrolment.objects.filter(
            organisation=organisation,
            required=True,
            completed_at__isnull=True,
            due_on__lt=today,
            person__is_active=True,
        )
        .values("person_id")
        .annotate(overdue=Count("pk"))
        .order_by("-overdue", "person_id")
    )
    total = rows.count()
    top = list(rows[:limit])
    people = people_in(organisation=organisation).filter(pk__in=[row["person_id"] for row in top]).in_bulk()
    return [OverduePerson(person=people[row["person_id"]], overdue=row["overdue"]) for row in top], total
