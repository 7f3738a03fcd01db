"""Lesson completion, quiz grading and attempts, and when a course counts as completed."""

from __future__ import annotations

import pytest

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.learning.models import Enrolment, EnrolmentSource, LessonCompletion, QuizAttempt
from socialu.learning.services import LearningError, enrolment_sync, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(curriculum: Organisation) -> Person:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    return person


def with_answer(key: str, positions: list[int]) -> dict[str, list[int]]:
    return {**ALL_RIGHT, key: positions}


def test_completing_a_lesson_twice_records_it_once(person: Person, basics_lessons: list[Lesson]) -> None:
    first = lesson_complete(person=person, lesson=basics_lessons[0])
    again = lesson_complete(person=person, lesson=basics_lessons[0])
    assert first.pk == again.pk
    assert LessonCompletion.objects.filter(person=person).count() == 1


def test_a_lesson_of_another_organisation_is_refused(
    person: Person, other_organisation: Organisation, basics_lessons: list[Lesson]
) -> None:
    outsider = PersonFactory.create(organisation=other_organisation)
    with pytest.raises(LearningError, match="another organisation"):
        lesson_complete(person=outsider, lesson=basics_lessons[0])


def test_all_right_answers_score_100_and_pass(person: Person, basics_quiz: Quiz) -> None:
    attempt = quiz_attempt_submit(person=person, quiz=basics_quiz, answers=ALL_RIGHT)
    assert (attempt.score_percent, attempt.passed, attempt.course_version) == (100, True, 1)
    assert attempt.submitted_at is not None


@pytest.mark.parametrize(
    ("key", "wrong"),
    [
        ("pick-one", [1]),
        ("true-or-false", [1]),
        ("the-scenario", [0]),
        ("pick-all", [0]),
        ("pick-all", [0, 1, 2]),
        ("pick-all", [2, 1]),
    ],
    ids=["single", "true-false", "scenario", "multiple-too-few", "multiple-extra", "multiple-mix"],
)
def test_each_kind_of_question_is_right_only_for_exactly_the_right_choices(
    person: Person, basics_quiz: Quiz, key: str, wrong: list[int]
) -> None:
    attempt = quiz_attempt_submit(person=person, quiz=basics_quiz, answers=with_answer(key, wrong))
    assert attempt.score_percent == 75
    assert attempt.passed is True  # the pass mark is 75%


def test_the_multiple_choice_set_in_any_order_is_right(person: Person, basics_quiz: Quiz) -> None:
    attempt = quiz_attempt_submit(person=person, quiz=basics_quiz, answers=with_answer("pick-all", [2, 0]))
    assert attempt.score_percent == 100


def test_an_unanswered_question_is_wrong(person: Person, basics_quiz: Quiz) -> None:
    answers = {key: value for key, value in ALL_RIGHT.items() if key != "the-scenario"}
    attempt = quiz_attempt_submit(person=person, quiz=basics_quiz, answers=answers)
    assert attempt.score_percent == 75


def test_below_the_pass_mark_fails(person: Person, basics_quiz: Quiz) -> None:
    attempt = quiz_attempt_submit(person=person, quiz=basics_quiz, answers={"pick-one": [0], "true-or-false": [0]})
    assert (attempt.score_percent, attempt.passed) == (50, False)


def test_unknown_questions_and_choices_are_refused_by_name(person: Person, basics_quiz: Quiz) -> None:
    with pytest.raises(LearningError, match="no question “made-up”"):
        quiz_attempt_submit(person=person, quiz=basics_quiz, answers={"made-up": [0]})
    with pytest.raises(LearningError, match="Question 2 \\(“pick-all”\\) has no such choice"):
        quiz_attempt_submit(person=person, quiz=basics_quiz, answers={"pick-all": [7]})
    assert not QuizAttempt.objects.exists()


def test_the_attempts_limit_is_enforced_with_a_clear_message(person: Person, basics_quiz: Quiz) -> None:
    for _ in range(3):
        quiz_attempt_submit(person=person, quiz=basics_quiz, answers={})
    with pytest.raises(LearningError) as raised:
        quiz_attempt_submit(person=person, quiz=basics_quiz, answers=ALL_RIGHT)
    message = "You have used all 3 attempts for this quiz. Ask your programme admin to reset them."
    assert str(raised.value) == message


def test_zero_attempts_allowed_means_unlimited(person: Person, basics_quiz: Quiz) -> None:
    Quiz.objects.filter(pk=basics_quiz.pk).update(attempts_allowed=0)
    basics_quiz.refresh_from_db()
    for _ in range(5):
        quiz_attempt_submit(person=person, quiz=basics_quiz, answers={})
    assert QuizAttempt.objects.filter(person=person).count() == 5


def test_the_course_completes_after_every_lesson_and_a_passed_quiz(
    person: Person, basics: Course, basics_lessons: list[Lesson], basics_quiz: Quiz
) -> None:
    def enrolment() -> Enrolment:
        return Enrolment.objects.get(person=person, course_slug="basics")

    quiz_attempt_submit(person=person, quiz=basics_quiz, answers=ALL_RIGHT)
    lesson_complete(person=person, lesson=basics_lessons[0])
    assert enrolment().completed_at is None
    lesson_complete(person=person, lesson=basics_lessons[1])
    assert enrolment().completed_at is not None
    assert enrolment().completed_version == basics.version


def test_a_failed_quiz_leaves_the_course_open_until_a_pass(
    person: Person, basics_lessons: list[Lesson], basics_quiz: Quiz
) -> None:
    for lesson in basics_lessons:
        lesson_complete(person=person, lesson=lesson)
    quiz_attempt_submit(person=person, quiz=basics_quiz, answers={})
    assert Enrolment.objects.get(person=person, course_slug="basics").completed_at is None
    quiz_attempt_submit(person=person, quiz=basics_quiz, answers=ALL_RIGHT)
    assert Enrolment.objects.get(person=person, course_slug="basics").completed_at is not None


def test_a_course_without_a_quiz_completes_with_its_lessons(curriculum: Organisation) -> None:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.LEADERSHIP)
    lesson_complete(person=person, lesson=Lesson.objects.get(organisation=curriculum, slug="deeper"))
    enrolment = Enrolment.objects.get(person=person, course_slug="advanced")
    assert enrolment.completed_at is not None
    # Not synced yet, so taking the course enrolled them in it as an elective.
    assert (enrolment.source, enrolment.required) == (EnrolmentSource.MANUAL, False)
