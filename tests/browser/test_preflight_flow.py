"""A member checks a post in a real Chromium: a leak is blocked and marked, the fixed post passes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_a_member_sees_a_leak_blocked_and_marked_then_fixes_it(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.CHAMPION, email="champion@kestrel.example")
    sign_in(page, live_server, "champion@kestrel.example")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check a post").click()
    expect(page.get_by_role("heading", name="Check a post", level=1)).to_be_visible()
    page.get_by_label("Platform").select_option("x")
    page.get_by_label("Posting from").select_option("personal")
    draft = page.get_by_label("Your post")
    draft.fill("So proud of the team behind Project Falcon!")

    result = page.locator("#findings")
    expect(result.locator(".verdict")).to_contain_text("Block")
    expect(result.locator("mark")).to_have_text("Project Falcon")
    expect(page.locator("#id_text-count")).to_contain_text("43 / 280 characters")

    draft.fill("So proud of the team behind our new tent!")

    expect(result.locator(".verdict")).to_contain_text("Pass")
    expect(result.locator("mark")).to_have_count(0)
    expect(draft).to_have_value("So proud of the team behind our new tent!")
