"""Practice in a real Chromium: a learner drafts and submits, a mentor reviews, the learner sees the scores.

Set SOCIALU_SCREENSHOTS=1 to also save the scenario and review pages to docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory
from tests.practice.helpers import FALCON, GOOD_SCORES, install, learner_person, reviewed, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("SOCIALU_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_a_learner_practises_a_mentor_reviews_and_the_learner_sees_the_scores(
    page: Page, live_server: LiveServer
) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    install(organisation)
    _, lee = learner_person(organisation, "lee@kestrel.example")
    mentor, _ = learner_person(organisation, "mentor@kestrel.example", Role.MENTOR)

    # The learner drafts: the pre-flight check marks the scenario's trap, and the draft saves itself.
    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice", exact=True).click()
    page.get_by_role("link", name="When is it back in stock?").click()
    expect(page.get_by_text("@ellie.outdoors")).to_be_visible()
    draft = page.get_by_label("Your answer")
    expect(draft).to_have_attribute("dir", "auto")
    draft.fill("Back by the end of the month, promise!")
    findings = page.locator("#findings")
    expect(findings.locator("mark", has_text="end of the month")).to_be_visible()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    screenshot(page, "practice-scenario.png")

    draft.fill('More are on the way, but no confirmed date yet. Tap "Notify me" and we\'ll email you. 💚')
    expect(findings.locator("mark")).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    expect(page.locator(".model-answer .marked-draft")).to_contain_text("we'd rather not guess")

    # The mentor reviews it from the queue.
    page.context.clear_cookies()
    sign_in(page, live_server, "mentor@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review practice").click()
    page.get_by_role("link", name="Review Lee's answer").click()
    for criterion, score in (("Clarity", "4"), ("Tone", "5"), ("Policy compliance", "5"), ("Helpfulness", "4")):
        page.get_by_role("group", name=criterion).get_by_label(score, exact=True).check()
    page.get_by_label("Overall comment").fill("Honest and warm. Nice use of Notify me.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("alert")).to_contain_text("Give platform fit a score from 1 to 5.")
    expect(page.get_by_label("Overall comment")).to_have_value("Honest and warm. Nice use of Notify me.")
    page.get_by_role("group", name="Platform fit").get_by_label("4", exact=True).check()
    screenshot(page, "practice-review.png")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Review saved: a mean of 4.4, which passes.")).to_be_visible()
    expect(page.get_by_text("Every submitted answer has been reviewed.")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["lee@kestrel.example"]]

    # Two earlier, weaker attempts at another scenario, so the chart has a story.
    falcon = install(organisation, FALCON)[0]
    for grade in (2, 3):
        earlier = submitted(organisation, lee, falcon, text="Can't say anything about that, sorry.")
        reviewed(earlier, mentor, dict.fromkeys(GOOD_SCORES, grade))

    # The learner sees the scores and the charts.
    page.context.clear_cookies()
    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My practice").click()
    expect(page.locator("svg.line-chart circle.chart-dot")).to_have_count(5)  # 3 overall, 2 for one scenario
    expect(page.get_by_role("img", name="Mean review score of each reviewed answer, oldest first")).to_be_visible()
    screenshot(page, "practice-mine.png")
    page.get_by_role("link", name="When is it back in stock?").click()
    expect(page.get_by_text("Mean 4.4 out of 5")).to_be_visible()
    expect(page.get_by_text("Nice use of Notify me.")).to_be_visible()
    screenshot(page, "practice-attempt.png")
