"""Charts are readable on a phone: in a real Chromium at 390 px (and 1366 px), every chart's text is drawn at
12 px or more and stays inside its chart, and the dashboard's long labels are shown in full — wrapped on the
chart, named on hover (an SVG <title>) and in the table beside it.

Covers every inline SVG chart: the programme dashboard's, the readiness results', the strategy document's
hours chart and the practice sandbox's score line, on the seeded demo organisation.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.charts import MIN_TEXT_PX
from socialu.dashboard.services import dashboard_refresh
from socialu.demo.services import demo_seed
from socialu.people.models import Unit
from socialu.readiness.models import Assessment
from socialu.strategy.models import StrategyDocument
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LONG_DIVISION = "Marketing, Communications and Brand Partnerships in Europe"
PHONE, DESKTOP = 390, 1366

# Every visible text of every chart: its rendered size (font size times the chart's scale) and how far it
# stays inside the chart's box on the left and on the right.
MEASURE = """() => Array.from(document.querySelectorAll('svg[role=img] text'))
  .filter(text => text.getClientRects().length > 0)
  .map(text => {
    const matrix = text.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const box = text.getBoundingClientRect();
    const chart = text.ownerSVGElement.getBoundingClientRect();
    return {
      text: text.textContent.trim(),
      chart: text.ownerSVGElement.getAttribute('aria-labelledby') || '',
      size: parseFloat(getComputedStyle(text).fontSize) * scale,
      left: box.left - chart.left,
      right: chart.right - box.right,
    };
  })"""

GROUPS = """(id) => Array.from(document.querySelectorAll(`svg[aria-labelledby^="${id}"] g.dash-group`)).map(group => ({
  shown: Array.from(group.querySelectorAll('text.dash-label tspan')).map(line => line.textContent).join(' '),
  title: group.querySelector('title').textContent,
}))"""


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo organisation, small, with one division renamed to something long."""
    seeded = demo_seed(password=TEST_PASSWORD, people=150)
    organisation = seeded.organisation
    old = "Marketing and Communications"
    for unit in Unit.objects.filter(organisation=organisation, path__startswith=old):
        unit.path = LONG_DIVISION + unit.path.removeprefix(old)
        unit.name = LONG_DIVISION if unit.name == old else unit.name
        unit.save(update_fields=["path", "name"])
    dashboard_refresh(organisation=organisation)
    return organisation.slug


def _page(browser: Browser, live_server: LiveServer, width: int, email: str) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # on a phone the main menu is folded
    return page


def _assert_legible(page: Page, where: str) -> list[dict[str, Any]]:
    texts: list[dict[str, Any]] = page.evaluate(MEASURE)
    assert texts, f"No chart text on {where}"
    small = [(text["text"], round(text["size"], 1)) for text in texts if text["size"] < MIN_TEXT_PX - 0.01]
    assert not small, f"Chart text under {MIN_TEXT_PX} px on {where}: {small[:5]}"
    cut = [text["text"] for text in texts if text["left"] < -1 or text["right"] < -1]
    assert not cut, f"Chart text running out of its chart on {where}: {cut[:5]}"
    return texts


def test_every_chart_is_legible_on_a_phone_with_labels_in_full(
    browser: Browser, live_server: LiveServer, demo: str
) -> None:
    page = _page(browser, live_server, PHONE, "admin@demo.example")
    page.goto(f"{live_server.url}/o/{demo}/dashboard/")
    texts = _assert_legible(page, "the dashboard")
    # All four dashboard charts are there: weeks, division, audience and location.
    assert len({text["chart"] for text in texts}) == 4
    if os.environ.get("SOCIALU_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=True)

    # The long division is shown in full: wrapped on the chart, on hover, and in the table.
    groups = page.evaluate(GROUPS, "dash-division")
    long = [group for group in groups if group["shown"] == LONG_DIVISION]
    assert len(long) == 1, groups
    assert long[0]["title"].startswith(f"{LONG_DIVISION}: Ambassador ")
    assert page.locator("svg[aria-labelledby^=dash-division] g.dash-group tspan").count() > len(groups)
    table = page.get_by_role("table", name="Certified share by division: active people and holders of each tier")
    assert LONG_DIVISION in table.get_by_role("rowheader").all_inner_texts()
    # Every division on the chart is one in the table, with the same full name.
    assert sorted(group["shown"] for group in groups) == sorted(table.get_by_role("rowheader").all_inner_texts())

    results = Assessment.objects.filter(organisation__slug=demo).order_by("-pk").first()
    strategy = StrategyDocument.objects.filter(organisation__slug=demo).first()
    assert results is not None and strategy is not None
    for path, where in (
        (f"/o/{demo}/readiness/{results.pk}/results/", "the readiness results"),
        (f"/o/{demo}/strategy/{strategy.pk}/", "the strategy document"),
    ):
        page.goto(f"{live_server.url}{path}")
        _assert_legible(page, where)

    learner = _page(browser, live_server, PHONE, "learner@demo.example")
    learner.goto(f"{live_server.url}/o/{demo}/practice/mine/")
    _assert_legible(learner, "my practice")


def test_the_dashboard_charts_are_legible_on_a_wide_screen(
    browser: Browser, live_server: LiveServer, demo: str
) -> None:
    page = _page(browser, live_server, DESKTOP, "admin@demo.example")
    page.goto(f"{live_server.url}/o/{demo}/dashboard/")

    texts = _assert_legible(page, "the dashboard")

    assert max(text["size"] for text in texts) < 20  # not blown up either
    if os.environ.get("SOCIALU_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
