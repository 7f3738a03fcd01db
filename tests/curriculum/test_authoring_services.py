"""Authoring rules: quiz validation that names the question, ordering, slugs and learning paths."""

from __future__ import annotations

import pytest

from socialu.core.models import Organisation
from socialu.curriculum.authoring import services as authoring
from socialu.curriculum.authoring.services import ChoiceInput
from socialu.curriculum.models import Component, Course, LearningPath, Module, PathCourse, Question

pytestmark = pytest.mark.django_db

RIGHT = ChoiceInput(text="Yes", is_correct=True, feedback="Because.")
WRONG = ChoiceInput(text="No", is_correct=False, feedback="Because not.")


@pytest.fixture
def draft(curriculum: Organisation, component: Component) -> Course:
    return authoring.course_create(
        organisation=curriculum,
        title="Replying well",
        summary="How to reply.",
        component=component,
        audiences=["practitioner"],
        level="practitioner",
    )


def test_a_single_choice_question_needs_exactly_one_correct_choice_and_the_error_names_it(draft: Course) -> None:
    authoring.question_save(course=draft, kind="single", prompt="First?", choices=[RIGHT, WRONG])

    with pytest.raises(authoring.AuthoringError) as raised:
        authoring.question_save(course=draft, kind="single", prompt="Which tone?", choices=[RIGHT, RIGHT])

    assert raised.value.problems == ["Question 2 (“Which tone?”): mark exactly one choice as correct (it has 2)."]
    assert Question.objects.filter(quiz__course=draft).count() == 1


def test_a_multiple_choice_question_needs_at_least_one_correct_choice(draft: Course) -> None:
    with pytest.raises(authoring.AuthoringError, match="at least one choice as correct"):
        authoring.question_save(course=draft, kind="multiple", prompt="Which?", choices=[WRONG, WRONG, WRONG])
    with pytest.raises(authoring.AuthoringError, match="at least three choices"):
        authoring.question_save(course=draft, kind="multiple", prompt="Which?", choices=[RIGHT, WRONG])
    question = authoring.question_save(course=draft, kind="multiple", prompt="Which?", choices=[RIGHT, RIGHT, WRONG])
    assert question.choices.filter(is_correct=True).count() == 2


def test_every_choice_needs_feedback_and_a_scenario_needs_its_situation(draft: Course) -> None:
    silent = ChoiceInput(text="Maybe", is_correct=False, feedback=" ")
    with pytest.raises(authoring.AuthoringError) as raised:
        authoring.question_save(course=draft, kind="scenario", prompt="What now?", choices=[RIGHT, silent])

    assert raised.value.problems == [
        "Question 1 (“What now?”): a scenario question needs the situation to read first.",
        "Question 1 (“What now?”), choice 2: write feedback saying why it is right or wrong.",
    ]


def test_a_true_false_question_has_the_choices_true_and_false(draft: Course) -> None:
    with pytest.raises(authoring.AuthoringError, match="exactly two choices, “True” and “False”"):
        authoring.question_save(course=draft, kind="true_false", prompt="Sure?", choices=[RIGHT, WRONG])
    true = ChoiceInput(text="True", is_correct=False, feedback="No.")
    false = ChoiceInput(text="False", is_correct=True, feedback="Right.")
    assert authoring.question_save(course=draft, kind="true_false", prompt="Sure?", choices=[true, false]).pk


def test_editing_a_question_replaces_its_choices_and_keeps_its_key(draft: Course) -> None:
    question = authoring.question_save(course=draft, kind="single", prompt="Pick one", choices=[RIGHT, WRONG])
    key = question.key

    true = ChoiceInput(text="True", is_correct=False, feedback="No.")
    false = ChoiceInput(text="False", is_correct=True, feedback="Right.")
    authoring.question_save(
        course=draft, question=question, kind="true_false", prompt="Is it so?", choices=[true, false]
    )

    question.refresh_from_db()
    assert (question.key, question.kind, question.prompt) == (key, "true_false", "Is it so?")
    assert [c.is_correct for c in question.choices.order_by("position")] == [False, True]


def test_modules_move_with_buttons_and_reorder_by_drag(draft: Course) -> None:
    first, second, third = (authoring.module_add(course=draft, title=t) for t in ("One", "Two", "Three"))

    authoring.module_move(module=third, offset=-1)
    assert list(Module.objects.filter(course=draft).order_by("position").values_list("title", flat=True)) == [
        "One",
        "Three",
        "Two",
    ]
    authoring.module_move(module=first, offset=-1)  # already first: stays
    authoring.modules_reorder(course=draft, module_ids=[second.pk, first.pk, third.pk])
    assert list(Module.objects.filter(course=draft).order_by("position").values_list("title", flat=True)) == [
        "Two",
        "One",
        "Three",
    ]
    with pytest.raises(authoring.AuthoringError, match="does not match"):
        authoring.modules_reorder(course=draft, module_ids=[first.pk])


def test_lesson_slugs_are_unique_within_the_course(draft: Course) -> None:
    one = authoring.module_add(course=draft, title="One")
    two = authoring.module_add(course=draft, title="Two")
    first = authoring.lesson_add(module=one, title="Hello there", body="a", estimated_minutes=3)
    second = authoring.lesson_add(module=two, title="Hello there", body="b", estimated_minutes=3)
    assert (first.slug, second.slug) == ("hello-there", "hello-there-2")


def test_a_course_cannot_take_a_slug_the_learning_pages_use(curriculum: Organisation, component: Component) -> None:
    with pytest.raises(authoring.AuthoringError, match="kept for SocialU"):
        authoring.course_create(
            organisation=curriculum,
            title="Manage",
            summary="x",
            component=component,
            audiences=[],
            level="awareness",
        )


def test_publishing_refuses_a_module_without_lessons_naming_it(draft: Course) -> None:
    authoring.lesson_add(
        module=authoring.module_add(course=draft, title="Full"), title="L", body="b", estimated_minutes=2
    )
    authoring.module_add(course=draft, title="Empty one")

    with pytest.raises(authoring.AuthoringError) as raised:
        authoring.course_publish(course=draft)

    assert raised.value.problems == ["Module 2 (“Empty one”) has no lessons: add one or delete the module."]


def test_paths_can_be_reordered_and_courses_added_and_removed(curriculum: Organisation) -> None:
    path = LearningPath.objects.get(organisation=curriculum, audience="practitioner")
    assert list(PathCourse.objects.filter(path=path).values_list("course_slug", flat=True)) == ["basics", "advanced"]
    advanced = PathCourse.objects.get(path=path, course_slug="advanced")

    authoring.path_course_move(step=advanced, offset=-1)
    authoring.path_course_set_required(step=advanced, required=True)
    with pytest.raises(authoring.AuthoringError, match="already in this path"):
        authoring.path_course_add(path=path, course_slug="basics", required=True)
    authoring.path_course_remove(step=PathCourse.objects.get(path=path, course_slug="basics"))

    steps = list(PathCourse.objects.filter(path=path).order_by("position").values_list("course_slug", "required"))
    assert steps == [("advanced", True)]
    authoring.path_course_add(path=path, course_slug="basics", required=False)
    assert list(PathCourse.objects.filter(path=path).order_by("position").values_list("course_slug", flat=True)) == [
        "advanced",
        "basics",
    ]


def test_a_path_is_created_once_per_audience(curriculum: Organisation) -> None:
    path = authoring.path_create(organisation=curriculum, audience="management", title="Managing social")
    assert path.audience == "management"
    with pytest.raises(authoring.AuthoringError, match="already has a path"):
        authoring.path_create(organisation=curriculum, audience="management", title="Again")
