"""A learner's first course, in a real Chromium: read a lesson, fail the quiz, pass it, finish the course."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.curriculum.services import curriculum_import
from socialu.learning.services import enrolment_sync
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.learning.conftest import write_learning_curriculum

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    expect(page.get_by_text("Beta is wrong.")).to_be_visible()
    page.get_by_role("link", name="Try again").click()

    answer(page, ["This one", "Alpha", "Gamma", "True", "Acknowledge and move to a private channel"])
    expect(page.get_by_role("heading", name="Your result: 100%")).to_be_visible()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    page.get_by_role("link", name="Back to my learning").click()

    expect(page.get_by_role("heading", name="All done")).to_be_visible()
    expect(page.locator(".learning-course").get_by_text("Completed", exact=True)).to_be_visible()
