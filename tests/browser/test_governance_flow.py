"""Policies in a real Chromium: an admin installs the default policy, a learner acknowledges it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.governance.models import Acknowledgement
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_admin_installs_the_policy_and_a_learner_acknowledges_it(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    learner = member(organisation, email="lee@kestrel.example")
    PersonFactory.create(organisation=organisation, user=learner, name="Lee Learner", email="lee@kestrel.example")

    sign_in(page, live_server, "admin@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Policies").click()
    expect(page.get_by_role("heading", name="No policies yet")).to_be_visible()
    page.get_by_role("button", name="Install the default social media policy").click()
    expect(page.get_by_role("heading", name="Social media policy", level=1)).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Policies").click()
    expect(page.get_by_text("You have 1 policy to read and acknowledge")).to_be_visible()
    page.get_by_role("link", name="Social media policy").first.click()
    expect(page.get_by_role("heading", name="In short")).to_be_visible()
    expect(page.get_by_text("Project Falcon").first).to_be_visible()
    page.get_by_role("button", name="I have read and understood this policy").click()
    expect(page.get_by_text("You acknowledged this version on")).to_be_visible()
    assert Acknowledgement.objects.filter(organisation=organisation).count() == 1
    sign_out(page)

    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/policies/social-media-policy/")
    page.get_by_role("link", name="Who has acknowledged it").click()
    expect(page.locator("#acknowledged-count")).to_have_text("1")

    page.goto(f"{live_server.url}/o/kestrel/policies/social-media-policy/publish/")
    with page.expect_response("**/preview/") as preview:
        page.get_by_label("Policy text").fill("## Updated\n\nNow with **bold** rules.")
    assert preview.value.status == 200, preview.value.text()
    expect(page.locator("#policy-preview")).to_contain_text("Now with bold rules.")
