"""The programme dashboard in a real Chromium: an executive opens it and narrows it to one division."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.people.models import Unit
from tests.browser.test_people_flow import sign_in
from tests.dashboard.sample import seed_sample
from tests.factories import OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_an_executive_reads_the_dashboard_and_narrows_it_to_one_division(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.EXECUTIVE_VIEWER, email="exec@kestrel.example")
    seed_sample(organisation)
    division = Unit.objects.get(organisation=organisation, path="Marketing")

    sign_in(page, live_server, "exec@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programme dashboard").click()
    expect(page.get_by_role("heading", name="Programme dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Courses completed per week")).to_be_visible()
    expect(page.get_by_role("img", name="Certified share by division")).to_be_visible()
    # The screenshots in docs/ are taken by tests/browser/test_chart_readability.py, on the demo.

    page.get_by_label("Division", exact=True).select_option(label="Marketing")
    expect(page).to_have_url(re.compile(rf"unit={division.pk}"))
    expect(page.get_by_text("Showing part of the workforce only")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Certified share by division"))
    expect(table.get_by_role("rowheader")).to_have_text(["Marketing"])
    # The filter form was not replaced: the choice stays on screen.
    expect(page.get_by_label("Division", exact=True)).to_have_value(str(division.pk))
