"""Sessions in a real Chromium: waitlisted, offered a seat, accepted, invitation downloaded; a roll call on a phone.

Each page the flows reach is also checked with axe-core at desktop and phone widths (``audit``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import vobject
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.sessions import services
from socialu.sessions.models import Attendance, Registration, RegistrationStatus
from tests.browser.accessibility import PHONE, audit, scrolls_sideways
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, SessionFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_a_learner_waits_is_offered_a_seat_accepts_and_downloads_the_invitation(
    axe_page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    session = SessionFactory.create(organisation=organisation, capacity=1, title="Handling a critical comment")
    holder = PersonFactory.create(organisation=organisation, name="Hal Holder")
    seat = services.registration_register(organisation=organisation, session_id=session.pk, person=holder)
    user = member(organisation, email="lee@kestrel.example")
    lee = PersonFactory.create(organisation=organisation, user=user, name="Lee Learner", email="lee@kestrel.example")

    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions", exact=True).click()
    assert not audit(page)
    page.get_by_role("link", name="Handling a critical comment").click()
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_text("number 1 on the waitlist").first).to_be_visible()
    assert not audit(page)

    # Someone cancels: the seat is offered to Lee, who accepts it on the session page.
    services.registration_cancel(organisation=organisation, registration_id=seat.pk, person=holder)
    page.reload()
    page.get_by_role("button", name="Accept the seat").click()
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()
    assert Registration.objects.get(session=session, person=lee).status == RegistrationStatus.CONFIRMED

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    target = tmp_path / "invitation.ics"
    downloading.value.save_as(target)
    data = target.read_bytes()
    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:lee@kestrel.example"
    assert vobject.readOne(data.decode()).vevent.summary.value == "Handling a critical comment"


def test_a_facilitator_takes_the_roll_on_a_phone(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    user = member(organisation, Role.FACILITATOR, email="fran@kestrel.example")
    fran = PersonFactory.create(organisation=organisation, user=user, name="Fran Facilitator", email=user.email)
    now = timezone.now()
    session = SessionFactory.create(
        organisation=organisation,
        title="Crisis drill",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
    )
    session.facilitators.add(fran)
    attendees = [PersonFactory.create(organisation=organisation, name=name) for name in ("Ana Arrived", "Ben Absent")]
    registrations = [
        services.registration_register(organisation=organisation, session_id=session.pk, person=person)
        for person in attendees
    ]
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1)
    )

    sign_in(page, live_server, "fran@kestrel.example")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/o/kestrel/sessions/mine/")
    page.get_by_role("link", name="Roll call").click()
    expect(page.get_by_role("heading", name="Roll call")).to_be_visible()
    assert scrolls_sideways(page) == 0
    page.get_by_role("group", name="Ana Arrived").get_by_label("Present").check()
    page.get_by_role("group", name="Ben Absent").get_by_label("No-show").check()
    page.get_by_role("button", name="Save the roll").click()
    expect(page.get_by_text("The roll is saved.")).to_be_visible()
    assert scrolls_sideways(page) == 0
    assert not audit(page)

    marks = {r.person.name: r.attendance for r in Registration.objects.filter(pk__in=[r.pk for r in registrations])}
    assert marks == {"Ana Arrived": Attendance.PRESENT, "Ben Absent": Attendance.ABSENT}


def test_every_sessions_page_passes_axe_at_desktop_and_phone_width(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    me = PersonFactory.create(organisation=organisation, user=admin, name="Ada Admin", email=admin.email)
    report = PersonFactory.create(organisation=organisation, manager=me, name="Rita Report")
    now = timezone.now()
    session = SessionFactory.create(organisation=organisation, capacity=1, title="Listening reports")
    session.facilitators.add(me)
    approval = SessionFactory.create(organisation=organisation, requires_approval=True, title="Board briefing")
    services.registration_register(organisation=organisation, session_id=approval.pk, person=report)
    for person in (me, *[PersonFactory.create(organisation=organisation) for _ in range(2)]):
        services.registration_register(organisation=organisation, session_id=session.pk, person=person)
    past = SessionFactory.create(
        organisation=organisation,
        title="Crisis drill",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
    )
    services.registration_register(organisation=organisation, session_id=past.pk, person=me)
    type(past).objects.filter(pk=past.pk).update(
        starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2) + timedelta(hours=1)
    )
    services.feedback_submit(organisation=organisation, session_id=past.pk, person=me, rating=4, comments="Useful")
    services.conference_record(
        organisation=organisation, person=me, name="Social Media Week", held_on=now.date(), cost=Decimal("120")
    )

    sign_in(page, live_server, admin.email)
    base = f"{live_server.url}/o/kestrel/sessions"
    problems = []
    for path in (
        "/",
        "/mine/",
        "/new/",
        f"/{session.pk}/",
        f"/{session.pk}/manage/",
        f"/{session.pk}/edit/",
        f"/{session.pk}/roll-call/",
        f"/{past.pk}/feedback/",
        "/attendance/",
        "/conferences/",
    ):
        page.goto(base + path)
        problems += audit(page)
    assert not problems, "\n".join(str(problem) for problem in problems)
