"""Consistency checks over learning records, run by ``socialu doctor`` (see :mod:`socialu.core.consistency`).

Time runs forward for a learner: enrolled, then lessons and quiz attempts,
then the course completed. Each check finds records that say otherwise, with
one query for the count and one for a few examples.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from socialu.core.consistency import (
    FUTURE_TOLERANCE_MINUTES,
    CheckResult,
    ConsistencyCheck,
    Finding,
    consistency_check_register,
    moment_text,
)
from socialu.core.models import Organisation
from socialu.curriculum.models import Quiz
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt


def _result(queryset: QuerySet[Any], limit: int, describe: Callable[[Any], Finding]) -> CheckResult:
    count = queryset.count()
    if not count:
        return CheckResult(0)
    return CheckResult(count, [describe(row) for row in queryset.order_by("pk")[:limit]])


def _who(person: Any) -> str:
    return f"{person.name} ({person.employee_id})"


def _enrolled_at(organisation: Organisation, course_slug: str) -> Subquery:
    """The enrolled_at of the outer row's person in the course named by the outer row's *course_slug* path."""
    return Subquery(
        Enrolment.objects.filter(
            organisation=organisation, person_id=OuterRef("person_id"), course_slug=OuterRef(course_slug)
        ).values("enrolled_at")[:1]
    )


def _completed_before_enrolled(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = Enrolment.objects.filter(organisation=organisation, completed_at__lt=F("enrolled_at")).select_related(
        "person"
    )
    return _result(
        rows,
        limit,
        lambda row: Finding(
            f"{_who(row.person)}, course {row.course_slug}",
            f"completed {moment_text(row.completed_at)}, enrolled {moment_text(row.enrolled_at)}",
        ),
    )


def _lesson_before_enrolment(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = (
        LessonCompletion.objects.filter(organisation=organisation)
        .annotate(enrolled_at=_enrolled_at(organisation, "lesson__module__course__slug"))
        .filter(completed_at__lt=F("enrolled_at"))
        .select_related("person", "lesson__module__course")
    )
    return _result(
        rows,
        limit,
        lambda row: Finding(
            f"{_who(row.person)}, lesson {row.lesson.slug} of {row.lesson.module.course.slug}",
            f"done {moment_text(row.completed_at)}, enrolled {moment_text(row.enrolled_at)}",
        ),
    )


def _attempt_before_enrolment(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = (
        QuizAttempt.objects.filter(organisation=organisation)
        .annotate(enrolled_at=_enrolled_at(organisation, "quiz__course__slug"))
        .filter(started_at__lt=F("enrolled_at"))
        .select_related("person", "quiz__course")
    )
    return _result(
        rows,
        limit,
        lambda row: Finding(
            f"{_who(row.person)}, quiz of {row.quiz.course.slug}",
            f"started {moment_text(row.started_at)}, enrolled {moment_text(row.enrolled_at)}",
        ),
    )


def _attempt_submitted_before_started(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = QuizAttempt.objects.filter(organisation=organisation, submitted_at__lt=F("started_at")).select_related(
        "person", "quiz__course"
    )
    return _result(
        rows,
        limit,
        lambda row: Finding(
            f"{_who(row.person)}, quiz of {row.quiz.course.slug}",
            f"started {moment_text(row.started_at)}, submitted {moment_text(row.submitted_at)}",
        ),
    )


def _completed_before_quiz_passed(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    first_pass = Subquery(
        QuizAttempt.objects.filter(
            organisation=organisation,
            person_id=OuterRef("person_id"),
            quiz__course__slug=OuterRef("course_slug"),
            passed=True,
        )
        .order_by("submitted_at")
        .values("submitted_at")[:1]
    )
    # Only a version with a quiz needs one passed (a quiz added in a later version asks nothing of earlier finishers).
    had_quiz = Exists(
        Quiz.objects.filter(
            organisation=organisation,
            course__slug=OuterRef("course_slug"),
            course__version=OuterRef("completed_version"),
        )
    )
    rows = (
        Enrolment.objects.filter(organisation=organisation, completed_at__isnull=False)
        .filter(had_quiz)
        .annotate(first_pass=first_pass)
        .filter(Q(first_pass__isnull=True) | Q(completed_at__lt=F("first_pass")))
        .select_related("person")
    )
    return _result(
        rows,
        limit,
        lambda row: Finding(
            f"{_who(row.person)}, course {row.course_slug}",
            f"completed {moment_text(row.completed_at)}, quiz first passed {moment_text(row.first_pass)}",
        ),
    )


def _dated_in_the_future(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    later = now + timedelta(minutes=FUTURE_TOLERANCE_MINUTES)
    enrolments = Enrolment.objects.filter(
        Q(enrolled_at__gt=later) | Q(completed_at__gt=later), organisation=organisation
    ).select_related("person")
    lessons = LessonCompletion.objects.filter(organisation=organisation, completed_at__gt=later).select_related(
        "person", "lesson"
    )
    attempts = QuizAttempt.objects.filter(
        Q(started_at__gt=later) | Q(submitted_at__gt=later), organisation=organisation
    ).select_related("person", "quiz__course")
    findings = [
        Finding(
            f"{_who(row.person)}, course {row.course_slug}",
            f"enrolled {moment_text(row.enrolled_at)}, completed {moment_text(row.completed_at)}",
        )
        for row in enrolments.order_by("pk")[:limit]
    ]
    findings += [
        Finding(f"{_who(row.person)}, lesson {row.lesson.slug}", f"done {moment_text(row.completed_at)}")
        for row in lessons.order_by("pk")[:limit]
    ]
    findings += [
        Finding(f"{_who(row.person)}, quiz of {row.quiz.course.slug}", f"submitted {moment_text(row.submitted_at)}")
        for row in attempts.order_by("pk")[:limit]
    ]
    return CheckResult(enrolments.count() + lessons.count() + attempts.count(), findings[:limit])


CHECKS = (
    ConsistencyCheck(
        key="learning.completed_before_enrolled",
        title="Courses completed before the person was enrolled",
        advice="Correct the enrolment or completion date: a course is finished after it was started.",
        run=_completed_before_enrolled,
    ),
    ConsistencyCheck(
        key="learning.lesson_before_enrolment",
        title="Lessons done before the person was enrolled in the course",
        advice="Correct the lesson's date or the enrolment's; the enrolment comes first.",
        run=_lesson_before_enrolment,
    ),
    ConsistencyCheck(
        key="learning.attempt_before_enrolment",
        title="Quiz attempts started before the person was enrolled in the course",
        advice="Correct the attempt's date or the enrolment's; the enrolment comes first.",
        run=_attempt_before_enrolment,
    ),
    ConsistencyCheck(
        key="learning.attempt_submitted_before_started",
        title="Quiz attempts submitted before they were started",
        advice="Correct the attempt's start or submission time.",
        run=_attempt_submitted_before_started,
    ),
    ConsistencyCheck(
        key="learning.completed_before_quiz_passed",
        title="Courses completed before their quiz was passed",
        advice="A course with a quiz is completed when the quiz is first passed; correct the completion date.",
        run=_completed_before_quiz_passed,
    ),
    ConsistencyCheck(
        key="learning.dated_in_the_future",
        title="Learning records dated in the future",
        advice="Check the clock of the system that wrote them, and correct the dates.",
        run=_dated_in_the_future,
    ),
)


def consistency_checks_register() -> None:
    """Add learning's checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
