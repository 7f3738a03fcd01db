"""Authoring in a real Chromium: write a course with a live preview, build a quiz, reorder, publish, version it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.core.roles import Role
from socialu.curriculum.models import Course, CourseStatus, Lesson, Module
from socialu.curriculum.services import curriculum_import
from socialu.learning.services import lesson_complete
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.learning.conftest import write_learning_curriculum

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder (e.g. docs/screenshots) to save a screenshot of the lesson editor.
SCREENSHOT_DIR = os.environ.get("SOCIALU_SCREENSHOT_DIR", "")

LESSON = """## Light comes first

Film **facing the window**, never with it behind you.

- Hold the phone sideways
- Keep clips short
"""


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_an_admin_writes_publishes_and_versions_a_course(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="heron", name="Heron Rail")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@heron.example")
    learner = PersonFactory.create(organisation=organisation, name="Lou Learner", audience=Audience.PRACTITIONER)

    sign_in(page, live_server, "admin@heron.example")
    page.goto(f"{live_server.url}/o/heron/curriculum/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Write the curriculum").click()
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Title").fill("Video basics")
    page.get_by_label("Summary").fill("Short videos that people watch to the end.")
    page.get_by_label("Practitioner").check()
    page.get_by_role("button", name="Create the course").click()
    expect(page.get_by_role("heading", name="Video basics", level=1)).to_contain_text("Draft")

    for title in ("Filming", "Editing"):
        page.get_by_label("New module title").fill(title)
        page.get_by_role("button", name="Add a module").click()
        expect(page.get_by_role("heading", name=f"{title}", level=3)).to_be_visible()

    # Reorder with the buttons: Editing moves above Filming.
    page.get_by_role("button", name="Move module “Editing” up").click()
    expect(page.locator(".module-item h3").first).to_have_text("1. Editing")
    # And by drag and drop (progressive enhancement): Filming goes back to the top.
    with page.expect_response("**/modules/order/") as reordered:
        page.locator(".module-item").nth(1).drag_to(page.locator(".module-item").nth(0))
    assert reordered.value.status == 200, reordered.value.text()
    expect(page.locator(".module-item h3").first).to_have_text("1. Filming")

    page.get_by_role("link", name="Add a lesson to “Filming”").click()
    page.get_by_label("Title").fill("Light")
    with page.expect_response("**/authoring/preview/") as preview:
        page.get_by_label("Lesson text").press_sequentially(LESSON[:30])
    assert preview.value.status == 200
    page.get_by_label("Lesson text").fill(LESSON)
    page.get_by_label("Lesson text").press("End")
    expect(page.locator("#lesson-preview strong")).to_have_text("facing the window")
    expect(page.locator("#lesson-preview li").first).to_have_text("Hold the phone sideways")
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "authoring-lesson.png"), full_page=True)
    page.get_by_role("button", name="Save the lesson").click()
    expect(page.get_by_text("Lesson “Light” is saved.")).to_be_visible()

    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("link", name="Add a lesson to “Editing”").click()
    page.get_by_label("Title").fill("Cut it short")
    page.get_by_label("Lesson text").fill("Cut every second that does not **earn** its place.")
    page.get_by_role("button", name="Save the lesson").click()

    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("link", name="Quiz").click()
    page.get_by_role("link", name="Add a question").click()
    page.locator("#id_prompt").fill("Where should the light come from?")
    page.get_by_label("Choice 1", exact=True).fill("In front of you")
    page.get_by_label("Feedback for choice 1").fill("Yes: your face is lit.")
    page.locator("#choice-0-correct").check()
    page.get_by_label("Choice 2", exact=True).fill("Behind you")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("choice 2: write feedback")).to_be_visible()
    expect(page.get_by_label("Choice 2", exact=True)).to_have_value("Behind you")
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "authoring-question.png"), full_page=True)
    page.get_by_label("Feedback for choice 2").fill("That makes a silhouette.")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Where should the light come from?")).to_be_visible()
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "authoring-quiz.png"), full_page=True)
        page.get_by_role("link", name="Details and lessons").click()
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "authoring-course.png"), full_page=True)

    page.get_by_role("link", name="Publish").click()
    expect(page.get_by_text("This is the first published version")).to_be_visible()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 of “Video basics” is published.")).to_be_visible()

    course = Course.objects.get(organisation=organisation, slug="video-basics")
    assert course.status == CourseStatus.PUBLISHED
    assert list(Module.objects.filter(course=course).order_by("position").values_list("title", flat=True)) == [
        "Filming",
        "Editing",
    ]
    first_lesson = Lesson.objects.get(module__course=course, slug="light")
    lesson_complete(person=learner, lesson=first_lesson)

    # Edit the published course: a version 2 draft, then publish it.
    page.get_by_role("button", name="Edit this course").click()
    expect(page.get_by_text("You are editing version 2, a draft.")).to_be_visible()
    page.get_by_label("Summary").fill("Short videos people watch to the end, and why.")
    page.get_by_role("button", name="Save the details").click()
    page.get_by_role("link", name="Publish").click()
    expect(page.get_by_text("The course details")).to_be_visible()
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 of “Video basics” is published.")).to_be_visible()

    statuses = dict(Course.objects.filter(slug="video-basics").values_list("version", "status"))
    assert statuses == {1: CourseStatus.RETIRED, 2: CourseStatus.PUBLISHED}

    # The learner's completion on version 1 still shows, and counts in version 2.
    page.goto(f"{live_server.url}/o/heron/learning/people/{learner.pk}/")
    done = page.get_by_role("region", name="Lessons done")
    expect(done.get_by_role("row", name="Light Video basics 1")).to_be_visible()
    expect(page.get_by_role("region", name="Courses")).to_contain_text("1 of 2 lessons")
