"""The authoring pages: create, edit with a live preview, build a quiz, reorder, publish, and edit paths."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.authoring import services as authoring
from socialu.curriculum.models import Competency, Component, Course, CourseStatus, Lesson, Module, PathCourse, Question
from socialu.learning.models import Enrolment
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(name, args=["acme", *args])


@pytest.fixture
def draft(curriculum: Organisation) -> Course:
    return authoring.course_draft_start(organisation=curriculum, slug="basics")


def test_an_admin_creates_a_course_as_a_draft(admin_client: Client, curriculum: Organisation) -> None:
    component = Component.objects.get(organisation=curriculum, number=3)
    response = admin_client.post(
        url("authoring_course_new"),
        {
            "title": "Replying well",
            "summary": "Answer customers kindly.",
            "component": component.pk,
            "audiences": ["practitioner"],
            "level": "practitioner",
            "competencies": [Competency.objects.get(organisation=curriculum, slug="disclosure").pk],
            "estimated_minutes": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("authoring_course", "replying-well")
    course = Course.objects.get(organisation=curriculum, slug="replying-well")
    assert (course.version, course.status, course.audiences) == (1, CourseStatus.DRAFT, ["practitioner"])
    assert [link.competency.slug for link in course.competency_links.all()] == ["disclosure"]


def test_an_invalid_new_course_keeps_what_was_typed_and_lists_the_errors(
    admin_client: Client, curriculum: Organisation
) -> None:
    response = admin_client.post(url("authoring_course_new"), {"title": "Half typed", "summary": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert 'value="Half typed"' in page
    assert '<a href="#id_summary">' in page


def test_the_published_course_is_read_only_until_the_author_starts_a_draft(
    admin_client: Client, curriculum: Organisation
) -> None:
    page = admin_client.get(url("authoring_course", "basics")).content.decode()
    assert "Edit this course" in page
    assert "Save the details" not in page

    response = admin_client.post(url("authoring_draft_start", "basics"))
    assert response.status_code == 302
    page = admin_client.get(url("authoring_course", "basics")).content.decode()
    assert "version 2" in page
    assert "Save the details" in page
    assert "Learners keep taking version 1" in page


def test_modules_are_added_renamed_and_moved_with_buttons(admin_client: Client, draft: Course) -> None:
    admin_client.post(url("authoring_module_add", "basics"), {"title": "Second module"})
    second = Module.objects.get(course=draft, title="Second module")

    admin_client.post(url("authoring_module", "basics", second.pk), {"action": "up"})
    admin_client.post(url("authoring_module", "basics", second.pk), {"action": "rename", "title": "Opening"})

    titles = list(Module.objects.filter(course=draft).order_by("position").values_list("title", flat=True))
    assert titles == ["Opening", "First module"]


def test_drag_and_drop_posts_the_new_module_order(admin_client: Client, draft: Course) -> None:
    authoring.module_add(course=draft, title="Two")
    ids = list(Module.objects.filter(course=draft).order_by("position").values_list("pk", flat=True))

    response = admin_client.post(url("authoring_modules_reorder", "basics"), {"order": f"{ids[1]},{ids[0]}"})

    assert response.status_code == 200
    assert list(Module.objects.filter(course=draft).order_by("position").values_list("pk", flat=True)) == ids[::-1]
    bad = admin_client.post(url("authoring_modules_reorder", "basics"), {"order": "x"})
    assert bad.status_code == 422


def test_a_lesson_is_written_with_a_preview_and_a_bad_link_keeps_the_text(admin_client: Client, draft: Course) -> None:
    module = Module.objects.get(course=draft)
    response = admin_client.post(
        url("authoring_lesson_new", "basics", module.pk),
        {"title": "Tone", "body": "## Warm\n\nBe **kind**.", "estimated_minutes": 4, "media_url": "not a link"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid URL" in page
    assert "Be **kind**." in page  # the text typed is still in the textarea
    assert "<strong>kind</strong>" in page  # and the preview shows it rendered

    response = admin_client.post(
        url("authoring_lesson_new", "basics", module.pk),
        {"title": "Tone", "body": "## Warm\n\nBe **kind**.", "estimated_minutes": 4, "media_url": ""},
    )
    lesson = Lesson.objects.get(module=module, slug="tone")
    assert response["Location"] == url("authoring_lesson", "basics", lesson.pk)


def test_the_preview_renders_markdown_safely(admin_client: Client, curriculum: Organisation) -> None:
    response = admin_client.post(
        url("authoring_preview"), {"body": "# Hi\n\n<script>alert(1)</script> [x](javascript:alert(1)) **ok**"}
    )
    page = response.content.decode()
    assert "<strong>ok</strong>" in page
    assert "<script" not in page
    assert 'href="javascript' not in page


def test_the_lesson_editor_sends_the_text_to_the_preview_as_you_type(admin_client: Client, draft: Course) -> None:
    lesson = Lesson.objects.filter(module__course=draft).first()
    assert lesson is not None
    page = admin_client.get(url("authoring_lesson", "basics", lesson.pk)).content.decode()
    assert f'hx-post="{url("authoring_preview")}"' in page
    assert 'hx-target="#lesson-preview"' in page
    assert re.search(r'hx-trigger="keyup changed delay:\d+ms', page)


def test_the_question_form_names_the_question_in_errors_and_keeps_the_choices(
    admin_client: Client, draft: Course
) -> None:
    data = {
        "kind": "single",
        "prompt": "Which reply is best?",
        "situation": "",
        "choice-0-text": "Thank them",
        "choice-0-feedback": "Warm and quick.",
        "choice-0-correct": "on",
        "choice-1-text": "Ignore them",
        "choice-1-feedback": "",
    }
    response = admin_client.post(url("authoring_question_new", "basics"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Question 5 (“Which reply is best?”), choice 2: write feedback" in page
    assert 'value="Ignore them"' in page
    assert Question.objects.filter(quiz__course=draft).count() == 4

    data["choice-1-feedback"] = "Silence looks rude."
    response = admin_client.post(url("authoring_question_new", "basics"), data)
    assert response.status_code == 302
    question = Question.objects.get(quiz__course=draft, prompt="Which reply is best?")
    assert [(c.text, c.is_correct) for c in question.choices.order_by("position")] == [
        ("Thank them", True),
        ("Ignore them", False),
    ]


def test_questions_are_reordered_and_deleted(admin_client: Client, draft: Course) -> None:
    questions = list(Question.objects.filter(quiz__course=draft).order_by("position"))
    admin_client.post(url("authoring_question_action", "basics", questions[1].pk), {"action": "up"})
    admin_client.post(url("authoring_question_action", "basics", questions[3].pk), {"action": "delete"})
    keys = list(Question.objects.filter(quiz__course=draft).order_by("position").values_list("key", flat=True))
    assert keys == [questions[1].key, questions[0].key, questions[2].key]


def test_the_publish_page_summarises_changes_and_publishing_retires_the_old_version(
    admin_client: Client, draft: Course
) -> None:
    module = Module.objects.get(course=draft)
    authoring.lesson_add(module=module, title="Brand new lesson", body="Text.", estimated_minutes=2)

    page = admin_client.get(url("authoring_publish", "basics")).content.decode()
    assert "New lesson: Brand new lesson" in page

    response = admin_client.post(url("authoring_publish", "basics"))
    assert response.status_code == 302
    statuses = dict(Course.objects.filter(slug="basics").values_list("version", "status"))
    assert statuses == {1: CourseStatus.RETIRED, 2: CourseStatus.PUBLISHED}


def test_publishing_is_refused_with_the_problems_listed(admin_client: Client, draft: Course) -> None:
    authoring.module_add(course=draft, title="Empty")
    response = admin_client.post(url("authoring_publish", "basics"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Module 2 (“Empty”) has no lessons" in page
    assert Course.objects.get(pk=draft.pk).status == CourseStatus.DRAFT


def test_a_published_version_cannot_be_changed_through_a_form(admin_client: Client, curriculum: Organisation) -> None:
    module = Module.objects.get(course__slug="basics", course__version=1)
    response = admin_client.post(url("authoring_module", "basics", module.pk), {"action": "delete"})
    assert response.status_code == 404
    assert Module.objects.filter(pk=module.pk).exists()


def test_another_organisations_draft_is_not_found(admin_client: Client, curriculum: Organisation) -> None:
    other = OrganisationFactory.create(slug="globex")
    member(other)
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    module = Module.objects.get(course=draft)
    response = admin_client.get(reverse("authoring_lesson_new", args=["globex", "basics", module.pk]))
    assert response.status_code == 404


def test_a_path_is_edited_in_the_browser(admin_client: Client, curriculum: Organisation) -> None:
    step = PathCourse.objects.get(path__organisation=curriculum, path__audience="practitioner", course_slug="advanced")
    admin_client.post(url("authoring_path_step", "practitioner", step.pk), {"action": "up"})
    admin_client.post(url("authoring_path_step", "practitioner", step.pk), {"action": "required"})

    page = admin_client.get(url("authoring_path", "practitioner")).content.decode()
    assert page.index("Advanced") < page.index("Basics")
    steps = list(
        PathCourse.objects.filter(path__audience="practitioner")
        .order_by("position")
        .values_list("course_slug", "required")
    )
    assert steps == [("advanced", True), ("basics", True)]

    response = admin_client.post(url("authoring_path", "leadership"), {"course": "basics", "required": "on"})
    assert response.status_code == 302
    assert PathCourse.objects.filter(path__audience="leadership", course_slug="basics").exists()


def test_authoring_pages_have_no_inline_scripts_or_styles(admin_client: Client, draft: Course) -> None:
    lesson = Lesson.objects.filter(module__course=draft).first()
    assert lesson is not None
    for page_url in (
        url("authoring_courses"),
        url("authoring_course", "basics"),
        url("authoring_lesson", "basics", lesson.pk),
        url("authoring_quiz", "basics"),
        url("authoring_question_new", "basics"),
        url("authoring_publish", "basics"),
        url("authoring_paths"),
    ):
        page = admin_client.get(page_url).content.decode()
        assert "<script>" not in page and "style=" not in page and "<style" not in page, page_url


def test_a_learner_cannot_author(learner_client: Client, curriculum: Organisation) -> None:
    assert learner_client.get(url("authoring_courses")).status_code == 403


def test_a_draft_quiz_can_be_removed(admin_client: Client, draft: Course) -> None:
    response = admin_client.post(url("authoring_quiz", "basics"), {"action": "delete"})
    assert response.status_code == 302
    assert not Question.objects.filter(quiz__course=draft).exists()
    assert admin_client.post(url("authoring_publish", "basics")).status_code == 302
    assert Course.objects.get(pk=draft.pk).status == CourseStatus.PUBLISHED


def test_adding_a_course_to_a_path_enrols_the_audience(
    admin_client: Client,
    curriculum: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    leader = PersonFactory.create(organisation=curriculum, audience=Audience.LEADERSHIP)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("authoring_path", "leadership"), {"course": "basics", "required": "on"})

    assert Enrolment.objects.filter(person=leader, course_slug="basics", required=True).exists()


def test_a_never_published_course_is_deleted_when_its_draft_is_discarded(
    admin_client: Client, curriculum: Organisation
) -> None:
    component = Component.objects.get(organisation=curriculum, number=1)
    authoring.course_create(
        organisation=curriculum, title="Scrap", summary="x", component=component, audiences=[], level="awareness"
    )
    response = admin_client.post(url("authoring_course", "scrap"), {"action": "discard"})
    assert response["Location"] == url("authoring_courses")
    assert not Course.objects.filter(slug="scrap").exists()


def test_the_details_of_a_draft_are_saved_with_its_competencies(admin_client: Client, draft: Course) -> None:
    response = admin_client.post(
        url("authoring_course", "basics"),
        {
            "title": "Basics, again",
            "summary": "Shorter.",
            "component": draft.component_id,
            "audiences": ["observer"],
            "level": "awareness",
            "estimated_minutes": 12,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.estimated_minutes) == ("Basics, again", 12)
    assert not draft.competency_links.exists()
    assert Course.objects.get(slug="basics", version=1).competency_links.count() == 1
