"""The standing accessibility check: every page the navigation reaches, for an admin and a learner.

A compact copy of the demo organisation is seeded with the demo's own seeding
service (60 people instead of 2,000). The crawl (tests/browser/accessibility.py)
opens the sign-in page, then every page linked from the header, the sidebar and
the footer, then the pages linked from those, one page of each kind, and on
each runs axe-core at 1366 px and at 320 px. It fails on any serious or
critical axe violation, on an aria-describedby (or -labelledby, -controls) that
names a missing element, and on any page that scrolls sideways at 320 px.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.demo.services import DEMO_ADMIN_EMAIL, DEMO_SLUG, demo_seed
from tests.browser.accessibility import Crawl, audit
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's people who sign in: the programme admin sees every page, the learner the pages everyone sees.
ROLES = {"admin": DEMO_ADMIN_EMAIL, "learner": "learner@demo.example"}


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def sign_in_as(page: Page, live_server: LiveServer, email: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_navigation_reaches_passes_axe_and_reflows_at_320_px(
    axe_page: Page, live_server: LiveServer, role: str
) -> None:
    demo_seed(password=TEST_PASSWORD, people=60)
    page = axe_page
    page.goto(f"{live_server.url}/accounts/login/")
    problems = audit(page)
    sign_in_as(page, live_server, ROLES[role])

    crawl = Crawl(base_url=live_server.url, org_slug=DEMO_SLUG)
    crawl.run(page)

    # The crawl must really have walked the site, or an empty pass would prove nothing.
    expected = {"org_home", "my_learning", "learning_lesson", "practice_scenario", "policy_detail", "decision_walk"}
    if role == "admin":
        expected |= {
            "members",
            "programme_dashboard",
            "decision_tree_editor",
            "assessment_results",
            "strategy_document",
        }
    else:
        expected |= {"quiz_take"}
    assert expected <= crawl.seen_kinds, f"The crawl never reached {sorted(expected - crawl.seen_kinds)}"
    problems += crawl.problems
    report = "\n".join(str(problem) for problem in problems)
    assert not problems, f"{len(problems)} accessibility problems on {len(crawl.visited)} pages:\n{report}"
