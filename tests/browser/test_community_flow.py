"""Knowledge sharing in a real Chromium: ask and accept, pre-flight stops a tip, report and moderate, search."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.community import services
from socialu.community.services import PostContent
from socialu.core.roles import Role
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory
from tests.practice.helpers import learner_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_ask_see_a_similar_question_get_an_answer_and_accept_it(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    learner_person(organisation, "lee@kestrel.example")
    _, sam = learner_person(organisation, "sam@kestrel.example")
    services.question_ask(
        organisation=organisation, author=sam,
        content=PostContent(title="How do we answer a complaint on X?", body="A customer is upset."),
    )  # fmt: skip
    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Your question in one line").press_sequentially("Replying to a complai")
    similar = page.locator("#similar-questions")
    expect(similar.locator("mark", has_text="complaint")).to_be_visible()
    page.get_by_label("Your question in one line").fill("Should I reply to a complaint in public?")
    page.get_by_label("Body").fill("Or move it to messages straight away?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_role("heading", name="Should I reply to a complaint in public?")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "sam@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/community/questions/")
    page.get_by_role("link", name="Should I reply to a complaint in public?").click()
    page.get_by_label("Body").fill("Reply once in public, then move the details to a private message.")
    page.get_by_role("button", name="Post your answer").click()
    expect(page.get_by_text("Reply once in public")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "lee@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/community/questions/")
    page.get_by_role("link", name="Should I reply to a complaint in public?").click()
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("Accepted answer")).to_be_visible()


def test_a_tip_naming_a_confidential_project_is_stopped_with_the_text_kept(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    learner_person(organisation, "lee@kestrel.example")
    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tips").click()
    page.get_by_role("link", name="Share a tip").click()
    page.get_by_label("Title").fill("Build excitement early")
    page.get_by_label("Body").fill("Drop hints about Project Falcon a week before.")
    page.get_by_role("button", name="Share").click()
    alert = page.locator("#preflight-findings")
    expect(alert).to_contain_text("Not published yet")
    expect(alert).to_contain_text("Project Falcon")
    expect(page.get_by_label("Body")).to_have_value("Drop hints about Project Falcon a week before.")
    page.get_by_label("Body").fill("Drop hints about the new jacket range a week before.")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("heading", name="Build excitement early")).to_be_visible()


def test_a_reader_reports_a_tip_and_a_moderator_hides_it(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    _, author = learner_person(organisation, "ann@kestrel.example")
    learner_person(organisation, "lee@kestrel.example")
    learner_person(organisation, "mo@kestrel.example", Role.FACILITATOR)
    services.tip_post(
        organisation=organisation, author=author, content=PostContent(title="Argue back", body="Win every argument.")
    )
    sign_in(page, live_server, "lee@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/community/")
    page.get_by_role("link", name="Argue back").click()
    page.get_by_text("Report").first.click()
    page.get_by_label("What is wrong with it?").fill("This advice goes against our guide.")
    page.get_by_role("button", name="Send the report").click()

    page.context.clear_cookies()
    sign_in(page, live_server, "mo@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    expect(page.get_by_text("This advice goes against our guide.")).to_be_visible()
    page.get_by_label("Note for the decision log").fill("Against the response guide.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("cell", name="Against the response guide.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting.")).to_be_visible()


def test_search_highlights_the_matched_words(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    _, author = learner_person(organisation, "ann@kestrel.example")
    learner_person(organisation, "lee@kestrel.example")
    services.tip_post(
        organisation=organisation, author=author,
        content=PostContent(title="Caption every video", body="Most people watch videos with the sound off."),
    )  # fmt: skip
    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search sharing").click()
    page.get_by_label("Search for").fill("captioning videos")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".search-results")
    expect(results.locator("mark", has_text="Caption").first).to_be_visible()
    expect(results.locator("mark", has_text="video").first).to_be_visible()


def test_the_community_pages_pass_axe_and_reflow_at_320_px(axe_page: Page, live_server: LiveServer) -> None:
    from tests.browser.accessibility import audit

    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    _, author = learner_person(organisation, "ann@kestrel.example")
    learner_person(organisation, "admin@kestrel.example", Role.PROGRAMME_ADMIN)
    question = services.question_ask(
        organisation=organisation, author=author, anonymous=True,
        content=PostContent(title="How long should a caption be?", body="For **video** posts."),
    ).post  # fmt: skip
    tip = services.tip_post(
        organisation=organisation, author=author, content=PostContent(title="Captions", body="Keep them short.")
    ).post
    learner_person(organisation, "lee@kestrel.example")
    services.gallery_suggest(
        organisation=organisation, author=author,
        content=PostContent(title="A calm reply", body="Sorry, we're on it.", why_it_works="It owns the problem."),
    )  # fmt: skip
    page = axe_page
    sign_in(page, live_server, "admin@kestrel.example")
    services.post_report(
        organisation=organisation, reporter=learner_person(organisation, "rae@kestrel.example")[1], post_id=tip.pk,
        reason="Checking the queue",
    )  # fmt: skip
    base = f"{live_server.url}/o/kestrel/community"
    problems = []
    for path in ("/", "/tips/new/", "/questions/", "/questions/ask/", f"/posts/{question.pk}/", "/gallery/",
                 "/gallery/suggest/", "/search/?q=caption", "/moderation/", "/notifications/"):  # fmt: skip
        page.goto(base + path)
        problems += [f"{path}: {problem}" for problem in audit(page)]
    assert not problems, "\n".join(problems)
