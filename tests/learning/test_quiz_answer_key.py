"""The answer key stays secret: one choice where one is expected, and right answers shown only when the quiz says."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from socialu.accounts.models import User
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.authoring import services as authoring
from socialu.curriculum.models import AnswersShown, Course, Quiz
from socialu.learning.models import QuizAttempt
from socialu.learning.services import enrolment_sync
from socialu.people.models import Person
from tests.learning.conftest import ALL_RIGHT
from tests.learning.test_api import Api

pytestmark = pytest.mark.django_db

QUIZ_PAGE = "/o/acme/learning/basics/quiz/"
EVERYTHING_TICKED = {"pick-one": [0, 1], "pick-all": [0, 1, 2], "true-or-false": [0, 1], "the-scenario": [0, 1]}
ONE_WRONG_OF_FOUR = {**ALL_RIGHT, "pick-one": [1], "true-or-false": [1]}  # 50%: not passed


def _form(answers: dict[str, list[int]]) -> dict[str, list[str]]:
    return {f"answer-{key}": [str(p) for p in positions] for key, positions in answers.items()}


@pytest.fixture
def me(curriculum: Organisation, learner: Person) -> Person:
    Person.objects.filter(pk=learner.pk).update(audience=Audience.PRACTITIONER)
    enrolment_sync(organisation=curriculum)
    return learner


@pytest.fixture
def api(learner_user: User) -> Api:
    return Api(learner_user)


def _answers_shown(quiz: Quiz, value: str) -> None:
    Quiz.objects.filter(pk=quiz.pk).update(answers_shown=value)


def test_ticking_every_choice_of_a_one_answer_question_is_refused_by_the_api(api: Api, me: Person) -> None:
    response = api.post("/courses/basics/quiz/attempts", {"answers": EVERYTHING_TICKED})

    assert response.status_code == 422
    assert "(“pick-one”) takes one answer" in response.json()["detail"]
    assert not QuizAttempt.objects.filter(person=me).exists()


@pytest.mark.parametrize("key", ["pick-one", "true-or-false", "the-scenario"])
def test_each_one_answer_kind_refuses_two_choices(api: Api, me: Person, key: str) -> None:
    response = api.post("/courses/basics/quiz/attempts", {"answers": {**ALL_RIGHT, key: [0, 1]}})
    assert response.status_code == 422
    assert f"(“{key}”) takes one answer" in response.json()["detail"]


def test_the_browser_refuses_two_choices_and_keeps_every_answer(me: Person, learner_client: Client) -> None:
    page = learner_client.post(QUIZ_PAGE, _form({**ALL_RIGHT, "pick-one": [0, 1]})).content.decode()

    assert "(“pick-one”) takes one answer: choose only one" in page
    assert 'name="answer-pick-all" value="0" checked' in page
    assert 'name="answer-pick-all" value="2" checked' in page
    assert 'name="answer-the-scenario" value="1" checked' in page
    assert not QuizAttempt.objects.exists()


def test_a_failed_attempt_shows_only_the_score_while_attempts_remain(api: Api, me: Person) -> None:
    data = api.post("/courses/basics/quiz/attempts", {"answers": ONE_WRONG_OF_FOUR}).json()

    assert (data["score_percent"], data["passed"], data["attempts_left"]) == (50, False, 2)
    assert data["answers_shown"] is False
    assert data["questions"] == []
    assert "once you pass" in data["answers_withheld_message"]


def test_the_result_page_keeps_the_key_back_until_the_learner_passes(me: Person, learner_client: Client) -> None:
    page = learner_client.post(QUIZ_PAGE, _form(ONE_WRONG_OF_FOUR)).content.decode()

    assert "Your result: 50%" in page
    assert "Which answers were right is shown once you pass." in page
    assert "a right answer" not in page and "not right" not in page
    assert "Because it is not." not in page

    page = learner_client.post(QUIZ_PAGE, _form(ALL_RIGHT)).content.decode()
    assert "You passed" in page
    assert "You chose “This one” — a right answer." in page


def test_after_the_last_attempt_the_key_is_shown_only_once_no_attempt_is_left(
    api: Api, me: Person, basics_quiz: Quiz
) -> None:
    _answers_shown(basics_quiz, AnswersShown.AFTER_LAST_ATTEMPT)
    Quiz.objects.filter(pk=basics_quiz.pk).update(attempts_allowed=2)

    first = api.post("/courses/basics/quiz/attempts", {"answers": ALL_RIGHT}).json()
    second = api.post("/courses/basics/quiz/attempts", {"answers": ONE_WRONG_OF_FOUR}).json()

    assert first["passed"] is True and first["answers_shown"] is False
    assert "after your last attempt" in first["answers_withheld_message"]
    assert second["answers_shown"] is True
    assert second["questions"][0]["chosen"][0]["right"] is False


def test_after_each_attempt_shows_the_key_every_time(api: Api, me: Person, basics_quiz: Quiz) -> None:
    _answers_shown(basics_quiz, AnswersShown.AFTER_EACH_ATTEMPT)

    data = api.post("/courses/basics/quiz/attempts", {"answers": ONE_WRONG_OF_FOUR}).json()

    assert data["answers_shown"] is True
    assert data["questions"][0]["chosen"] == [
        {"position": 1, "text": "That one", "right": False, "feedback": "Because it is not."}
    ]


def test_the_quiz_says_when_the_right_answers_are_shown(api: Api, me: Person) -> None:
    assert api.get("/courses/basics/quiz").json()["answers_shown"] == "after_passing"


def test_the_setting_is_chosen_in_the_quiz_builder(admin_client: Client, curriculum: Organisation) -> None:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")

    response = admin_client.post(
        "/o/acme/authoring/courses/basics/quiz/",
        {
            "title": "Check",
            "pass_mark": 80,
            "attempts_allowed": 2,
            "shuffle": "on",
            "answers_shown": "after_last_attempt",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Quiz.objects.get(course=draft).answers_shown == AnswersShown.AFTER_LAST_ATTEMPT
    page = admin_client.get("/o/acme/authoring/courses/basics/quiz/").content.decode()
    assert 'value="after_last_attempt" selected' in page


def test_the_quiz_builder_refuses_an_unknown_setting(curriculum: Organisation) -> None:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    with pytest.raises(authoring.AuthoringError, match="Choose when learners see which answers were right"):
        authoring.quiz_update(
            course=draft, title="Check", pass_mark=80, attempts_allowed=2, shuffle=True, answers_shown="never"
        )


def test_course_files_carry_the_setting_both_ways(
    curriculum: Organisation, basics: Course, basics_quiz: Quiz, tmp_path: Path
) -> None:
    _answers_shown(basics_quiz, AnswersShown.AFTER_EACH_ATTEMPT)

    call_command("curriculum", "export", str(tmp_path / "out"), "--org", "acme", stdout=StringIO())

    course_file = tmp_path / "out" / "courses" / "basics" / "course.yaml"
    assert "answers_shown: after_each_attempt" in course_file.read_text(encoding="utf-8")
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace("after_each_attempt", "after_last_attempt"), encoding="utf-8"
    )
    _reimport(tmp_path / "out")
    current = Quiz.objects.filter(course__organisation=curriculum, course__slug="basics").order_by("-course__version")
    assert current.first().answers_shown == AnswersShown.AFTER_LAST_ATTEMPT  # type: ignore[union-attr]


def _reimport(folder: Path) -> Any:
    text = (folder / "courses" / "basics" / "course.yaml").read_text(encoding="utf-8")
    version = int(text.split("version: ", 1)[1].split("\n", 1)[0])
    (folder / "courses" / "basics" / "course.yaml").write_text(
        text.replace(f"version: {version}", f"version: {version + 1}"), encoding="utf-8"
    )
    return call_command("curriculum", "import", str(folder), "--org", "acme", stdout=StringIO())


def test_a_course_file_with_an_unknown_setting_is_refused_with_its_line(
    curriculum: Organisation, tmp_path: Path
) -> None:
    call_command("curriculum", "export", str(tmp_path / "out"), "--org", "acme", stdout=StringIO())
    course_file = tmp_path / "out" / "courses" / "basics" / "course.yaml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace("answers_shown: after_passing", "answers_shown: never"),
        encoding="utf-8",
    )
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"course.yaml:\d+: 'answers_shown' in the quiz is 'never'"):
        _reimport(tmp_path / "out")
