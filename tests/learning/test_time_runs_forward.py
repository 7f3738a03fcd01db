"""Time runs forward: progress dated before the enrolment, or in the future, is refused by the services that
write it, and a course is completed when its last step happened, never before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.learning.models import Enrolment, EnrolmentSource, LessonCompletion, QuizAttempt
from socialu.learning.services import LearningError, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def _enrol(person: Person, course: Course, days_ago: float) -> Enrolment:
    return Enrolment.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        course_slug=course.slug,
        enrolled_at=timezone.now() - timedelta(days=days_ago),
    )


def test_a_lesson_dated_before_the_enrolment_is_refused(
    learner: Person, basics: Course, basics_lessons: list[Lesson]
) -> None:
    _enrol(learner, basics, days_ago=5)

    with pytest.raises(LearningError, match=r"was enrolled in “Basics” on .* cannot be dated .* before that"):
        lesson_complete(person=learner, lesson=basics_lessons[0], at=timezone.now() - timedelta(days=6))

    assert not LessonCompletion.objects.filter(person=learner).exists()


def test_an_attempt_started_before_the_enrolment_is_refused(learner: Person, basics: Course, basics_quiz: Quiz) -> None:
    _enrol(learner, basics, days_ago=5)
    moment = timezone.now() - timedelta(days=6)

    with pytest.raises(LearningError, match="this quiz attempt cannot be dated"):
        quiz_attempt_submit(person=learner, quiz=basics_quiz, answers=ALL_RIGHT, started_at=moment, at=moment)

    assert not QuizAttempt.objects.filter(person=learner).exists()


def test_progress_in_the_future_is_refused(learner: Person, basics_lessons: list[Lesson], basics_quiz: Quiz) -> None:
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(LearningError, match="cannot be dated in the future"):
        lesson_complete(person=learner, lesson=basics_lessons[0], at=later)
    with pytest.raises(LearningError, match="cannot be dated in the future"):
        quiz_attempt_submit(person=learner, quiz=basics_quiz, answers=ALL_RIGHT, at=later)
    with pytest.raises(LearningError, match="started after it was submitted"):
        quiz_attempt_submit(
            person=learner,
            quiz=basics_quiz,
            answers=ALL_RIGHT,
            started_at=timezone.now() - timedelta(hours=1),
            at=timezone.now() - timedelta(hours=2),
        )
    assert not Enrolment.objects.filter(person=learner).exists()


def test_progress_without_an_enrolment_enrols_as_of_the_progress(
    learner: Person, basics: Course, basics_lessons: list[Lesson]
) -> None:
    moment = timezone.now() - timedelta(days=3)

    lesson_complete(person=learner, lesson=basics_lessons[0], at=moment)

    enrolment = Enrolment.objects.get(person=learner, course_slug="basics")
    assert enrolment.enrolled_at == moment and enrolment.source == EnrolmentSource.MANUAL


def test_a_backfilled_course_is_completed_when_its_last_step_happened(
    learner: Person, basics: Course, basics_lessons: list[Lesson], basics_quiz: Quiz
) -> None:
    _enrol(learner, basics, days_ago=30)
    quiz_day = timezone.now() - timedelta(days=20)
    last_lesson = timezone.now() - timedelta(days=10)
    # Recorded out of order: the quiz (passed) first, the lessons afterwards.
    quiz_attempt_submit(person=learner, quiz=basics_quiz, answers=ALL_RIGHT, at=quiz_day)
    lesson_complete(person=learner, lesson=basics_lessons[0], at=timezone.now() - timedelta(days=25))
    lesson_complete(person=learner, lesson=basics_lessons[1], at=last_lesson)

    enrolment = Enrolment.objects.get(person=learner, course_slug="basics")
    assert enrolment.completed_at == last_lesson


def test_a_live_attempt_never_starts_before_a_late_enrolment(
    learner: Person, basics: Course, basics_quiz: Quiz
) -> None:
    """The browser's start time is advisory: enrolled while taking the quiz, the attempt starts at the enrolment."""
    enrolment = _enrol(learner, basics, days_ago=0.01)

    attempt = quiz_attempt_submit(
        person=learner, quiz=basics_quiz, answers=ALL_RIGHT, started_at=timezone.now() - timedelta(hours=1)
    )

    assert attempt.started_at == enrolment.enrolled_at <= attempt.submitted_at  # type: ignore[operator]
