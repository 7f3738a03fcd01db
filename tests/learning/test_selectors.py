"""What a learner sees: their courses in path order with progress, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.learning.models import Enrolment
from socialu.learning.selectors import my_learning, quiz_view
from socialu.learning.services import enrolment_sync, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from socialu.people.selectors import person_for_user
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(curriculum: Organisation) -> Person:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER)
    enrolment_sync(organisation=curriculum)
    return person


def test_courses_come_in_path_order_with_progress_and_what_is_next(
    practitioner: Person, basics_lessons: list[Lesson], basics_quiz: Quiz
) -> None:
    lesson_complete(person=practitioner, lesson=basics_lessons[0])
    quiz_attempt_submit(person=practitioner, quiz=basics_quiz, answers={"pick-one": [0]})

    learning = my_learning(organisation=basics_quiz.course.organisation, person=practitioner)

    assert learning.path is not None and learning.path.title == "Posting for us"
    assert [p.course.slug for p in learning.courses] == ["basics", "advanced"]
    basics = learning.courses[0]
    assert (basics.lessons_done, basics.lessons_total, basics.quiz_passed, basics.best_score) == (1, 2, False, 25)
    assert basics.next_lesson is not None and basics.next_lesson.slug == "second"
    assert (basics.steps_done, basics.steps_total, basics.percent) == (1, 3, 33)
    assert learning.next is basics


def test_overdue_courses_are_flagged_and_completed_ones_are_not(practitioner: Person) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    Enrolment.objects.filter(person=practitioner).update(due_on=yesterday)
    Enrolment.objects.filter(person=practitioner, course_slug="advanced").update(completed_at=timezone.now())
    courses = my_learning(organisation=practitioner.organisation, person=practitioner).courses
    assert [(p.course.slug, p.overdue) for p in courses] == [("basics", True), ("advanced", False)]


def test_my_learning_takes_the_same_number_of_queries_however_many_courses(
    curriculum: Organisation,
    practitioner: Person,
    basics_lessons: list[Lesson],
    basics_quiz: Quiz,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    observer = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    lesson_complete(person=practitioner, lesson=basics_lessons[0])
    quiz_attempt_submit(person=practitioner, quiz=basics_quiz, answers={})

    counts = []
    for person, courses in ((observer, 1), (practitioner, 2)):
        with CaptureQueriesContext(connection) as queries:
            assert len(my_learning(organisation=curriculum, person=person).courses) == courses
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(8):
        my_learning(organisation=curriculum, person=practitioner)


def test_person_for_user_finds_the_linked_person_in_this_organisation_only(
    curriculum: Organisation, other_organisation: Organisation
) -> None:
    user = UserFactory.create()
    PersonFactory.create(organisation=other_organisation, user=user)
    assert person_for_user(organisation=curriculum, user_id=user.pk) is None
    mine = PersonFactory.create(organisation=curriculum, user=user)
    assert person_for_user(organisation=curriculum, user_id=user.pk) == mine


def test_shuffled_choices_stay_put_until_the_attempt_is_submitted(practitioner: Person, basics_quiz: Quiz) -> None:
    organisation = practitioner.organisation
    Quiz.objects.filter(pk=basics_quiz.pk).update(attempts_allowed=0)
    basics_quiz.refresh_from_db()

    def orders() -> list[list[int]]:
        view = quiz_view(organisation=organisation, person=practitioner, course_slug="basics")
        assert view is not None
        return [[choice.position for choice in item.choices] for item in view.questions]

    first = orders()
    assert orders() == first
    seen = {str(first)}
    for _ in range(6):
        quiz_attempt_submit(person=practitioner, quiz=basics_quiz, answers={})
        seen.add(str(orders()))
    assert all(sorted(order) == list(range(len(order))) for order in first)
    assert len(seen) >= 2


def test_a_newer_draft_version_does_not_replace_the_published_course(
    curriculum: Organisation, practitioner: Person
) -> None:
    draft = Course.objects.get(organisation=curriculum, slug="basics")
    draft.pk = None
    draft.version = 2
    draft.status = "draft"
    draft.save()
    courses = my_learning(organisation=curriculum, person=practitioner).courses
    assert [p.course.version for p in courses if p.course.slug == "basics"] == [1]
