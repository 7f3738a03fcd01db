"""Keyboard only, in a real Chromium: the phone menu, reordering, the composer, the decision tree and a quiz.

No mouse is used after signing in: the tests move with Tab (``tab_to`` checks
that every stop on the way shows a visible focus), type, and press Enter, Space
and the arrow keys. Where a step changes the page without a reload (htmx), the
new state is also checked with axe-core, since the crawl only sees first loads.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.core.roles import Role
from socialu.curriculum.models import Course
from socialu.curriculum.services import curriculum_import
from socialu.learning.services import enrolment_sync
from tests.browser.accessibility import PHONE, audit, tab_to
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.learning.conftest import write_learning_curriculum
from tests.practice.helpers import install, learner_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def assert_accessible(page: Page) -> None:
    problems = audit(page)
    assert not problems, "\n".join(str(problem) for problem in problems)


def press_on(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def test_the_phone_menu_opens_leads_to_a_page_and_closes_with_escape(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="wren", name="Wren Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@wren.example")
    sign_in(page, live_server, "admin@wren.example")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/o/wren/")
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")

    press_on(page, menu)
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_be_focused()

    page.keyboard.press("Space")
    expect(navigation).to_be_visible()
    press_on(page, navigation.get_by_role("link", name="People"))
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()


def test_modules_are_reordered_with_the_keyboard(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="heron", name="Heron Rail")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@heron.example")
    sign_in(page, live_server, "admin@heron.example")
    page.goto(f"{live_server.url}/o/heron/authoring/new/")

    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Video basics")
    tab_to(page, page.get_by_label("Summary"))
    page.keyboard.type("Short videos that people watch to the end.")
    press_on(page, page.get_by_label("Practitioner"), "Space")
    press_on(page, page.get_by_role("button", name="Create the course"))
    expect(page.get_by_role("heading", name="Video basics", level=1)).to_be_visible()
    for title in ("Filming", "Editing"):
        tab_to(page, page.get_by_label("New module title"))
        page.keyboard.type(title)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=title, level=3)).to_be_visible()

    # The list can be dragged with a mouse; the Up and Down buttons do the same from the keyboard.
    press_on(page, page.get_by_role("button", name="Move module “Editing” up"))
    expect(page.locator(".module-item h3").first).to_have_text("1. Editing")
    press_on(page, page.get_by_role("button", name="Move module “Editing” down"))
    expect(page.locator(".module-item h3").first).to_have_text("1. Filming")
    assert_accessible(page)


def test_a_post_is_checked_and_a_practice_answer_submitted_with_the_keyboard(
    axe_page: Page, live_server: LiveServer
) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    install(organisation)
    learner_person(organisation, "lee@kestrel.example")
    sign_in(page, live_server, "lee@kestrel.example")

    # Check a post: choose the platform and account with the arrow keys, then type.
    page.goto(f"{live_server.url}/o/kestrel/check/")
    platform = page.get_by_label("Platform")
    tab_to(page, platform)
    while platform.input_value() != "x":
        page.keyboard.press("ArrowDown")
    account = page.get_by_label("Posting from")
    tab_to(page, account)
    while account.input_value() != "personal":
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("Your post"))
    page.keyboard.type("So proud of the team behind Project Falcon!")
    findings = page.locator("#findings")
    expect(findings.locator(".verdict")).to_contain_text("Block")
    expect(findings.locator("mark")).to_have_text("Project Falcon")
    assert_accessible(page)

    # Practice: answer a scenario in its composer and submit it.
    page.goto(f"{live_server.url}/o/kestrel/practice/")
    press_on(page, page.get_by_role("link", name="When is it back in stock?"))
    tab_to(page, page.get_by_label("Your answer"))
    page.keyboard.type("More are on the way, but no confirmed date yet. Tap Notify me and we will email you.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    press_on(page, page.get_by_role("button", name="Submit for review"))
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()


def test_the_decision_tree_is_walked_with_the_keyboard(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/respond/")

    press_on(page, page.get_by_role("link", name="Negative", exact=True))
    # Each answer swaps the next question in, and the focus moves to it, so Tab carries on from there.
    expect(
        page.get_by_role("heading", name="Before anything else, does the post involve any of these?")
    ).to_be_focused()
    press_on(page, page.get_by_role("link", name="None of these"))
    expect(page.get_by_role("heading", name="Which best describes the author?")).to_be_focused()
    press_on(page, page.get_by_role("link", name="Back"))
    expect(
        page.get_by_role("heading", name="Before anything else, does the post involve any of these?")
    ).to_be_focused()
    press_on(page, page.get_by_role("link", name="A journalist or media outlet asking for comment"))
    expect(page.get_by_role("heading", name="Pass it to the communications lead (media enquiry)")).to_be_focused()
    assert_accessible(page)


def test_a_quiz_is_answered_and_passed_with_the_keyboard(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    user = member(organisation, email="lee@acme.example")
    PersonFactory.create(organisation=organisation, user=user, name="Lee Learner", audience=Audience.OBSERVER)
    enrolment_sync(organisation=organisation)
    sign_in(page, live_server, "lee@acme.example")
    page.goto(f"{live_server.url}/o/acme/learning/basics/quiz/")
    expect(page.get_by_role("heading", name="Basics check")).to_be_visible()

    for text in ("This one", "Alpha", "Gamma", "True", "Acknowledge and move to a private channel"):
        choice = page.get_by_label(text, exact=True)
        if choice.get_attribute("type") == "radio":
            # Tab stops once in a radio group; the arrow keys move to (and pick) the choice.
            tab_to(page, page.locator(f"input[name='{choice.get_attribute('name')}']").first)
            while not page.evaluate("(element) => document.activeElement === element", choice.element_handle()):
                page.keyboard.press("ArrowDown")
        else:
            tab_to(page, choice)
        page.keyboard.press("Space")
        expect(choice).to_be_checked()
    press_on(page, page.get_by_role("button", name="Submit my answers"))

    expect(page.get_by_role("heading", name="Your result: 100%")).to_be_visible()
    assert_accessible(page)


def test_without_a_curriculum_an_admin_installs_it_from_the_keyboard_and_a_learner_is_told_why(
    axe_page: Page, live_server: LiveServer
) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="finch", name="Finch & Co")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@finch.example")
    member(organisation, email="lee@finch.example")

    sign_in(page, live_server, "lee@finch.example")
    page.goto(f"{live_server.url}/o/finch/curriculum/")
    expect(page.get_by_text("Your programme team has not set up the courses yet")).to_be_visible()
    expect(page.get_by_role("button", name="Install the default curriculum")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, "admin@finch.example")
    page.goto(f"{live_server.url}/o/finch/curriculum/")
    assert_accessible(page)
    press_on(page, page.get_by_role("button", name="Install the default curriculum"))

    # Importing some forty lessons (and enrolling people) takes a few seconds on a busy machine.
    expect(page.get_by_text("The default curriculum is installed")).to_be_visible(timeout=60_000)
    assert Course.objects.filter(organisation=organisation).count() > 5
