"""The learning pages through the test client: my learning, the lesson player and the quiz."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.curriculum.models import Quiz
from socialu.curriculum.services import curriculum_import
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.services import enrolment_sync
from socialu.people.models import Person
from tests.factories import member
from tests.learning.conftest import ALL_RIGHT, write_learning_curriculum

pytestmark = pytest.mark.django_db


def form(answers: dict[str, list[int]]) -> dict[str, list[str]]:
    return {f"answer-{key}": [str(p) for p in positions] for key, positions in answers.items()}


@pytest.fixture
def enrolled(curriculum: Organisation, learner: Person) -> Person:
    Person.objects.filter(pk=learner.pk).update(audience=Audience.PRACTITIONER)
    enrolment_sync(organisation=curriculum)
    return learner


def test_a_user_without_a_linked_person_is_told_to_ask_their_admin(
    curriculum: Organisation, learner_client: Client
) -> None:
    page = learner_client.get("/o/acme/learning/").content.decode()
    assert "not linked to a person in this organisation" in page
    assert "ask your programme admin" in page


def test_a_person_with_no_enrolments_gets_a_helpful_empty_state(learner: Person, learner_client: Client) -> None:
    page = learner_client.get("/o/acme/learning/").content.decode()
    assert "You are not enrolled in any course yet" in page


def test_my_learning_shows_the_path_progress_due_dates_and_continue(enrolled: Person, learner_client: Client) -> None:
    Enrolment.objects.filter(person=enrolled, course_slug="basics").update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    page = learner_client.get("/o/acme/learning/").content.decode()
    assert "Posting for us" in page
    assert page.count("<progress") == 2
    assert 'class="button continue" href="/o/acme/learning/basics/hello/"' in page
    assert "overdue" in page
    assert 'href="/o/acme/learning/"' in page and ">My learning</a>" in page


def test_marking_a_lesson_done_goes_to_the_next_lesson_then_the_quiz(enrolled: Person, learner_client: Client) -> None:
    page = learner_client.get("/o/acme/learning/basics/hello/").content.decode()
    assert "<h2>Hello</h2>" in page
    assert 'action="/o/acme/learning/basics/hello/done/"' in page
    assert 'href="/o/acme/learning/basics/second/" rel="next"' in page

    response = learner_client.post("/o/acme/learning/basics/hello/done/")
    assert response["Location"] == "/o/acme/learning/basics/second/"
    response = learner_client.post("/o/acme/learning/basics/second/done/")
    assert response["Location"] == "/o/acme/learning/basics/quiz/"
    assert LessonCompletion.objects.filter(person=enrolled).count() == 2
    again = learner_client.get("/o/acme/learning/basics/hello/").content.decode()
    assert "You have marked this lesson as done" in again


def test_marking_done_needs_post(enrolled: Person, learner_client: Client) -> None:
    assert learner_client.get("/o/acme/learning/basics/hello/done/").status_code == 405


def test_the_quiz_shows_the_situation_first_and_the_right_kind_of_input(
    enrolled: Person, learner_client: Client
) -> None:
    page = learner_client.get("/o/acme/learning/basics/quiz/").content.decode()
    assert page.index("A customer complains loudly in public.") < page.index("What do you do first?")
    assert page.count('type="checkbox" name="answer-pick-all"') == 3
    assert page.count('type="radio" name="answer-true-or-false"') == 2
    assert "Attempts left: <strong>3</strong> of 3" in page


def test_submitting_the_quiz_shows_score_feedback_and_attempts(enrolled: Person, learner_client: Client) -> None:
    answers = {**ALL_RIGHT, "pick-all": [0, 1]}
    page = learner_client.post("/o/acme/learning/basics/quiz/", form(answers)).content.decode()
    assert "Your result: 75%" in page
    assert "You passed" in page
    assert "You chose “Beta” — not right." in page and "Beta is wrong." in page
    assert "You chose “Alpha” — a right answer." in page
    assert "Attempts left: <strong>2</strong> of 3" in page
    attempt = QuizAttempt.objects.get(person=enrolled)
    assert attempt.answers["pick-all"] == [0, 1]


def test_the_answers_are_kept_when_the_submission_is_refused(
    enrolled: Person, learner_client: Client, basics_quiz: Quiz
) -> None:
    Quiz.objects.filter(pk=basics_quiz.pk).update(attempts_allowed=1)
    learner_client.post("/o/acme/learning/basics/quiz/", form({}))
    response = learner_client.post("/o/acme/learning/basics/quiz/", form({"pick-all": [0, 2], "pick-one": [1]}))
    page = response.content.decode()
    assert "You have used your one attempt for this quiz. Ask your programme admin to reset them." in page
    assert 'name="answer-pick-all" value="0" checked' in page
    assert 'name="answer-pick-all" value="2" checked' in page
    assert 'name="answer-pick-all" value="1" checked' not in page
    assert 'name="answer-pick-one" value="1" checked' in page


def test_a_tampered_choice_is_refused_with_the_answers_kept(enrolled: Person, learner_client: Client) -> None:
    page = learner_client.post(
        "/o/acme/learning/basics/quiz/", {"answer-pick-one": "0", "answer-pick-all": "x"}
    ).content.decode()
    assert "(“pick-all”) has no such choice" in page
    assert 'name="answer-pick-one" value="0" checked' in page
    assert not QuizAttempt.objects.exists()


def test_passing_after_every_lesson_completes_the_course(enrolled: Person, learner_client: Client) -> None:
    learner_client.post("/o/acme/learning/basics/hello/done/")
    learner_client.post("/o/acme/learning/basics/second/done/")
    learner_client.post("/o/acme/learning/basics/quiz/", form(ALL_RIGHT))
    assert Enrolment.objects.get(person=enrolled, course_slug="basics").completed_at is not None
    page = learner_client.get("/o/acme/learning/").content.decode()
    assert "Completed" in page


def test_unknown_lessons_and_courses_without_a_quiz_answer_404(enrolled: Person, learner_client: Client) -> None:
    assert learner_client.get("/o/acme/learning/basics/nothing/").status_code == 404
    assert learner_client.get("/o/acme/learning/nope/quiz/").status_code == 404
    assert learner_client.get("/o/acme/learning/advanced/quiz/").status_code == 404


def test_another_organisations_course_answers_404(
    organisation: Organisation, other_organisation: Organisation, tmp_path: Path
) -> None:
    curriculum_import(organisation=other_organisation, folder=write_learning_curriculum(tmp_path))
    client = Client()
    client.force_login(member(organisation, Role.PROGRAMME_ADMIN))
    assert client.get("/o/acme/learning/basics/hello/").status_code == 404
    assert client.get("/o/acme/learning/basics/quiz/").status_code == 404
    assert client.post("/o/acme/learning/basics/hello/done/").status_code == 404
    assert client.get("/o/globex/learning/").status_code == 404


def test_without_a_linked_person_a_lesson_can_be_read_but_not_marked_done(
    curriculum: Organisation, learner_client: Client
) -> None:
    page = learner_client.get("/o/acme/learning/basics/hello/").content.decode()
    assert "Mark as done" not in page
    assert "not linked to a person" in page
    response = learner_client.post("/o/acme/learning/basics/hello/done/", follow=True)
    assert "not linked to a person" in response.content.decode()
    assert not LessonCompletion.objects.exists()


def test_learning_pages_have_no_inline_scripts_or_styles(enrolled: Person, learner_client: Client) -> None:
    for url in ("/o/acme/learning/", "/o/acme/learning/basics/hello/", "/o/acme/learning/basics/quiz/"):
        page = learner_client.get(url).content.decode()
        assert "style=" not in page
        assert "<script>" not in page
