"""Coaching in a real Chromium: an executive books a slot, the coach records the session, a supporter answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.coaching import services
from socialu.coaching.models import Booking, BookingStatus, PulseResponse, Slot
from socialu.core.roles import Role
from tests.browser.accessibility import DESKTOP, PHONE, axe_violations
from tests.browser.test_people_flow import sign_in
from tests.coaching.helpers import cast, slot
from tests.factories import OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_an_executive_books_the_coach_records_and_a_supporter_answers_the_pulse(
    axe_page: Page, live_server: LiveServer
) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    c = cast(organisation)
    open_slot = slot(c, days=3, hour=10)

    # The executive books an open slot from the engagement page.
    sign_in(page, live_server, c.executive_user.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My coaching").click()
    page.get_by_role("link", name="Erin Executive").click()
    expect(page.get_by_role("heading", name="Coaching: Erin Executive with Carla Coach")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Slot").select_option(str(open_slot.pk))
    page.get_by_role("button", name="Book this slot").click()
    expect(page.get_by_text("A calendar invitation is on its way.")).to_be_visible()
    booking = Booking.objects.get(slot=open_slot)
    assert booking.status == BookingStatus.BOOKED
    page.get_by_role("button", name="Sign out").click()

    # Time passes; the coach records the session.
    past = timezone.now() - timedelta(hours=2)
    Slot.objects.filter(pk=open_slot.pk).update(starts_at=past, ends_at=past + timedelta(hours=1))
    sign_in(page, live_server, c.coach_user.email)
    page.goto(f"{live_server.url}/o/acme/coaching/sessions/{booking.pk}/")
    page.get_by_label("Agenda").fill("Your first LinkedIn post")
    page.get_by_label("Notes (private to the coach and the executive)").fill("Nervous about the board.")
    page.get_by_label("Agreed action").first.fill("Publish the post")
    page.get_by_label("Due").first.fill(timezone.now().date().isoformat())
    page.get_by_label("Points to").first.select_option("preflight")
    page.get_by_role("button", name="Save the session log").click()
    expect(page.get_by_text("The session log is saved.")).to_be_visible()
    assert axe_violations(page) == []
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD and booking.notes == "Nervous about the board."
    page.get_by_role("button", name="Sign out").click()

    # A supporter answers the pulse through the emailed link, on a phone, without signing in.
    services.supporters_choose(
        engagement=c.engagement,
        actor=c.executive,
        supporters=[
            services.SupporterIn(name="Cleo Comms", email="cleo@acme.example"),
            services.SupporterIn(name="Pat Peer", email="pat@acme.example"),
        ],
    )
    _, links = services.pulse_round_open(engagement=c.engagement, stage="start", actor=c.coach)
    cleo = next(link for link in links if link.email == "cleo@acme.example")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/coaching/pulse/{cleo.token}/")
    expect(page.get_by_role("heading", name="Progress pulse: Erin Executive")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for group in page.get_by_role("group").all():
        group.get_by_label("4").check()
    page.get_by_role("button", name="Send my ratings").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert PulseResponse.objects.get(supporter__email="cleo@acme.example").ratings == [4, 4, 4]
    page.goto(f"{live_server.url}/coaching/pulse/{cleo.token}/")
    expect(page.get_by_text("This link has already been used")).to_be_visible()


def test_the_admin_and_coach_pages_pass_axe_and_fit_a_phone(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    c = cast(organisation)
    slot(c)
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    pages = {
        "admin@acme.example": ["coaching/overview/", "coaching/new/", f"coaching/{c.engagement.pk}/", "coaching/"],
        c.coach_user.email: ["coaching/availability/", f"coaching/{c.engagement.pk}/"],
    }
    for email, paths in pages.items():
        sign_in(page, live_server, email)
        for path in paths:
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                page.goto(f"{live_server.url}/o/acme/{path}")
                assert axe_violations(page) == [], path
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, viewport)
        page.set_viewport_size(DESKTOP)
        page.get_by_role("button", name="Sign out").click()
