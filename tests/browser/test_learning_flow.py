"""A learner's first course, in a real Chromium: read a lesson, fail the quiz, pass it, finish the course."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.core.roles import Role
from socialu.curriculum.services import curriculum_import
from socialu.learning.services import enrolment_sync
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.learning.conftest import write_learning_curriculum

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder (e.g. docs/screenshots) to save screenshots of the admin pages.
SCREENSHOT_DIR = os.environ.get("SOCIALU_SCREENSHOT_DIR", "")


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def answer(page: Page, choices: list[str]) -> None:
    for text in choices:
        page.get_by_label(text, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_a_learner_reads_a_lesson_fails_the_quiz_then_passes_and_completes_the_course(
    page: Page, live_server: LiveServer
) -> None:
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    user = member(organisation, email="lee@acme.example")
    PersonFactory.create(organisation=organisation, user=user, name="Lee Learner", audience=Audience.OBSERVER)
    enrolment_sync(organisation=organisation)
    sign_in(page, live_server, "lee@acme.example")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.get_by_text("Why it matters")).to_be_visible()
    page.get_by_role("link", name="Continue").click()

    expect(page.get_by_role("heading", name="Hello", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("“Hello” is marked as done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Second steps")).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()

    expect(page.get_by_role("heading", name="Basics check")).to_be_visible()
    answer(page, ["That one", "Beta", "False", "Argue back"])
    expect(page.get_by_role("heading", name="Your result: 0%")).to_be_visible()
    expect(page.get_by_text("Not passed this time")).to_be_visible()
    # While attempts remain the quiz keeps its key: only the score, no marks per choice.
    expect(page.get_by_text("Which answers were right is shown once you pass.")).to_be_visible()
    expect(page.get_by_text("Beta is wrong.")).to_have_count(0)
    page.get_by_role("link", name="Try again").click()

    answer(page, ["This one", "Alpha", "Gamma", "True", "Acknowledge and move to a private channel"])
    expect(page.get_by_role("heading", name="Your result: 100%")).to_be_visible()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    expect(page.get_by_text("Alpha is right.")).to_be_visible()
    page.get_by_role("link", name="Back to my learning").click()

    expect(page.get_by_role("heading", name="All done")).to_be_visible()
    expect(page.locator(".learning-course").get_by_text("Completed", exact=True)).to_be_visible()


def test_an_admin_enrols_someone_with_a_due_date_and_follows_their_progress(
    page: Page, live_server: LiveServer
) -> None:
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    PersonFactory.create(organisation=organisation, name="Pat Person", email="pat@acme.example", employee_id="E7")
    sign_in(page, live_server, "admin@acme.example")

    page.goto(f"{live_server.url}/o/acme/curriculum/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Enrolments").click()
    page.locator("#id_enrol-course").select_option(label="Advanced")
    page.get_by_label("Person's email or employee ID").fill("E7")
    page.get_by_label("Due on (optional)").fill("2020-01-31")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_text("Enrolled 1 person (Pat Person).")).to_be_visible()
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "learning-enrolments.png"), full_page=True)

    page.get_by_role("button", name="Send reminders now").click()
    expect(page.get_by_text("Sent 1 reminder about overdue learning.")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["pat@acme.example"]]

    page.get_by_role("main").get_by_role("link", name="learners' progress").click()
    page.get_by_label("Name, email or employee ID").fill("Pat")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Pat Person").click()
    courses = page.get_by_role("region", name="Courses")
    expect(courses.get_by_role("row", name="Advanced")).to_contain_text("Overdue")
    expect(courses).to_contain_text("31 Jan 2020")
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "learning-progress.png"), full_page=True)
