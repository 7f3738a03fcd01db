"""The sidebar on a phone: folded behind a Menu button that opens it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_on_a_phone_the_menu_opens_and_leads_to_a_page(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="wren", name="Wren Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@wren.example")
    PersonFactory.create(organisation=organisation)
    sign_in(page, live_server, "admin@wren.example")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/o/wren/")
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.click()

    expect(menu).to_have_attribute("aria-expanded", "true")
    navigation.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()


def test_on_a_wide_screen_the_sidebar_is_always_open(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="wren", name="Wren Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@wren.example")
    sign_in(page, live_server, "admin@wren.example")

    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
