"""The learning API, called with a bearer token as a client would."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.learning.models import LessonCompletion, QuizAttempt
from socialu.learning.services import enrolment_sync
from socialu.people.models import Person
from tests.factories import PersonFactory, member
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/acme/learning"


class Api:
    def __init__(self, user: User) -> None:
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
        self.client = Client()

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{BASE}{path}", params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"{BASE}{path}", body, content_type="application/json", headers=self.headers)


@pytest.fixture
def me(curriculum: Organisation, learner: Person) -> Person:
    Person.objects.filter(pk=learner.pk).update(audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    learner.refresh_from_db()
    return learner


@pytest.fixture
def api(learner_user: User) -> Api:
    return Api(learner_user)


def test_my_progress_lists_enrolments_with_percent_next_lesson_and_due_date(api: Api, me: Person) -> None:
    response = api.get("/me/progress")
    assert response.status_code == 200
    data = response.json()
    assert data["person"]["id"] == me.pk
    [course] = data["courses"]
    assert course["course_slug"] == "basics"
    assert (course["lessons_done"], course["lessons_total"], course["percent"]) == (0, 2, 0)
    assert course["next_lesson"] == {"slug": "hello", "title": "Hello"}
    assert course["due_on"] is not None
    assert course["has_quiz"] is True and course["quiz_passed"] is False


def test_recording_a_lesson_completion_moves_progress_on(api: Api, me: Person) -> None:
    response = api.post("/courses/basics/completions", {"lesson": "hello"})
    assert response.status_code == 201
    assert response.json()["course_completed"] is False
    again = api.post("/courses/basics/completions", {"lesson": "hello"})
    assert again.status_code == 201
    assert LessonCompletion.objects.filter(person=me).count() == 1

    course = api.get("/me/progress").json()["courses"][0]
    assert (course["lessons_done"], course["percent"], course["next_lesson"]["slug"]) == (1, 33, "second")


def test_an_unknown_lesson_answers_404(api: Api, me: Person) -> None:
    assert api.post("/courses/basics/completions", {"lesson": "nope"}).status_code == 404


def test_a_learner_cannot_record_for_someone_else_but_an_admin_can(
    api: Api, me: Person, curriculum: Organisation, admin_user: User
) -> None:
    other = PersonFactory.create(organisation=curriculum)
    assert api.post("/courses/basics/completions", {"lesson": "hello", "person_id": other.pk}).status_code == 403

    response = Api(admin_user).post("/courses/basics/completions", {"lesson": "hello", "person_id": other.pk})
    assert response.status_code == 201
    assert response.json()["person_id"] == other.pk
    assert LessonCompletion.objects.filter(person=other).count() == 1


def test_the_quiz_is_sent_without_the_answers(api: Api, me: Person) -> None:
    response = api.get("/courses/basics/quiz")
    assert response.status_code == 200
    data = response.json()
    assert data["pass_mark"] == 75 and data["attempts_left"] == 3
    assert [q["key"] for q in data["questions"]] == ["pick-one", "pick-all", "true-or-false", "the-scenario"]
    assert "correct" not in response.content.decode()
    assert "feedback" not in response.content.decode()
    assert data["questions"][1]["multiple"] is True
    assert data["questions"][3]["situation"] == "A customer complains loudly in public."


def test_a_quiz_attempt_is_graded_with_feedback_per_question(api: Api, me: Person) -> None:
    answers = {**ALL_RIGHT, "pick-one": [1]}
    response = api.post("/courses/basics/quiz/attempts", {"answers": answers})
    assert response.status_code == 201
    data = response.json()
    assert (data["score_percent"], data["passed"], data["attempts_left"]) == (75, True, 2)
    first = data["questions"][0]
    assert first["right"] is False
    assert first["chosen"] == [{"position": 1, "text": "That one", "right": False, "feedback": "Because it is not."}]


def test_a_bad_answer_is_refused_and_not_counted(api: Api, me: Person) -> None:
    response = api.post("/courses/basics/quiz/attempts", {"answers": {"pick-one": [9]}})
    assert response.status_code == 422
    assert "no such choice" in response.json()["detail"]
    assert not QuizAttempt.objects.filter(person=me).exists()


def test_attempts_are_listed_for_me_and_for_a_mentor(api: Api, me: Person, curriculum: Organisation) -> None:
    api.post("/courses/basics/quiz/attempts", {"answers": {"pick-one": [0]}})
    api.post("/courses/basics/quiz/attempts", {"answers": ALL_RIGHT})

    mine = api.get("/me/attempts").json()
    assert [(a["score_percent"], a["passed"], a["course_version"]) for a in mine] == [(25, False, 1), (100, True, 1)]
    assert api.get("/me/attempts", course="advanced").json() == []

    mentor = Api(member(curriculum, Role.MENTOR, email="mentor@acme.example"))
    theirs = mentor.get(f"/people/{me.pk}/attempts").json()
    assert [a["score_percent"] for a in theirs] == [25, 100]
    progress = mentor.get(f"/people/{me.pk}/progress").json()
    assert progress["courses"][0]["quiz_passed"] is True
    assert api.get(f"/people/{me.pk}/progress").status_code == 403


def test_an_unlinked_account_is_told_what_to_do(curriculum: Organisation) -> None:
    api = Api(member(curriculum, email="stranger@acme.example"))
    response = api.get("/me/progress")
    assert response.status_code == 409
    assert "not linked" in response.json()["detail"]
