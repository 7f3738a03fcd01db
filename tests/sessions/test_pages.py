"""The sessions pages: the catalogue, a session, registering, offers, calendars and admin work."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Registration, RegistrationStatus, Session, SessionStatus
from tests.factories import PersonFactory, SessionFactory, member

pytestmark = pytest.mark.django_db


def _signed_in(organisation: Organisation, *, name: str) -> tuple[Client, Person]:
    user = member(organisation, email=f"{name.lower()}@acme.example")
    person = PersonFactory.create(organisation=organisation, user=user, name=name, email=f"{name.lower()}@acme.example")
    client = Client()
    client.force_login(user)
    return client, person


def test_a_learner_is_waitlisted_offered_a_seat_accepts_and_downloads_the_invitation(
    organisation: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1, title="Writing for LinkedIn")
    holder_client, holder = _signed_in(organisation, name="Holder")
    client, learner = _signed_in(organisation, name="Lee")
    holder_client.post(reverse("session_register", args=[organisation.slug, session.pk]))

    page = client.get(reverse("session_detail", args=[organisation.slug, session.pk]))
    assert "Join the waitlist" in page.content.decode()
    response = client.post(reverse("session_register", args=[organisation.slug, session.pk]), follow=True)
    assert "number 1 on the waitlist" in response.content.decode()

    seat = Registration.objects.get(session=session, person=holder)
    holder_client.post(reverse("registration_cancel", args=[organisation.slug, seat.pk]))
    mine = Registration.objects.get(session=session, person=learner)
    assert mine.status == RegistrationStatus.OFFERED
    offer_page = client.get(reverse("session_detail", args=[organisation.slug, session.pk])).content.decode()
    assert "Accept the seat" in offer_page

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(reverse("offer_accept", args=[organisation.slug, mine.pk]))
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED

    download = client.get(reverse("session_invitation", args=[organisation.slug, session.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/calendar")
    assert "attachment" in download["Content-Disposition"]
    calendar = Calendar.from_ical(download.content)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Writing for LinkedIn"
    assert str(event["ATTENDEE"]) == f"mailto:{learner.email}"
    assert vobject.readOne(download.content.decode()).vevent.summary.value == "Writing for LinkedIn"


def test_the_online_link_is_shown_only_to_confirmed_attendees(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1, online_link="https://meet.example/secret")
    first_client, _ = _signed_in(organisation, name="First")
    second_client, _ = _signed_in(organisation, name="Second")
    url = reverse("session_detail", args=[organisation.slug, session.pk])
    assert "meet.example/secret" not in first_client.get(url).content.decode()
    first_client.post(reverse("session_register", args=[organisation.slug, session.pk]))
    second_client.post(reverse("session_register", args=[organisation.slug, session.pk]))

    assert "meet.example/secret" in first_client.get(url).content.decode()
    assert "meet.example/secret" not in second_client.get(url).content.decode()


def test_times_are_shown_in_the_viewers_time_zone(organisation: Organisation) -> None:
    start = datetime(2030, 1, 15, 14, 0, tzinfo=UTC)
    SessionFactory.create(organisation=organisation, title="Zoned", starts_at=start, ends_at=start + timedelta(hours=1))
    client, person = _signed_in(organisation, name="Tokyo")
    url = reverse("session_list", args=[organisation.slug])
    services.session_settings_update(
        organisation=organisation, time_zone="Europe/Paris", offer_hours=24, reminder_hours="24"
    )
    assert "15:00" in client.get(url).content.decode()  # the organisation's zone, CET
    services.calendar_time_zone_set(organisation=organisation, person=person, time_zone="Asia/Tokyo")
    assert "23:00" in client.get(url).content.decode()  # the person's own zone


def test_an_admin_creates_publishes_and_cancels_a_session(organisation: Organisation, admin_client: Client) -> None:
    facilitator = PersonFactory.create(organisation=organisation, email="fran@acme.example")
    response = admin_client.post(
        reverse("session_new", args=[organisation.slug]),
        {
            "title": "Handling a critical comment",
            "kind": "workshop",
            "description": "Bring **one** comment.",
            "time_zone": "America/New_York",
            "starts_at": "2030-03-10T09:00",
            "ends_at": "2030-03-10T11:00",
            "capacity": "12",
            "audiences": ["practitioner", "management"],
            "facilitator_emails": "fran@acme.example",
            "series_title": "Critical comments",
        },
    )
    session = Session.objects.get(organisation=organisation, title="Handling a critical comment")
    assert response.status_code == 302
    assert session.status == SessionStatus.DRAFT
    # 09:00 in New York on 10 March 2030 is daylight time (UTC-4): the wall-clock time is kept in the zone.
    assert session.starts_at == datetime(2030, 3, 10, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert session.starts_at.astimezone(UTC).hour == 13
    assert list(session.facilitators.all()) == [facilitator]
    assert session.audiences == ["management", "practitioner"]
    assert session.series is not None

    admin_client.post(reverse("session_publish", args=[organisation.slug, session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    admin_client.post(reverse("session_cancel", args=[organisation.slug, session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_the_session_form_keeps_what_was_typed_and_says_what_is_wrong(
    organisation: Organisation, admin_client: Client
) -> None:
    response = admin_client.post(
        reverse("session_new", args=[organisation.slug]),
        {
            "title": "Kept title",
            "kind": "webinar",
            "time_zone": "Mars/Base",
            "starts_at": "2030-03-10T09:00",
            "ends_at": "2030-03-10T08:00",
            "capacity": "5",
            "facilitator_emails": "nobody@acme.example",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept title"' in page
    assert "Choose a time zone" in page
    assert "nobody@acme.example" in page
    assert not Session.objects.filter(organisation=organisation).exists()


def test_an_admin_reorders_and_removes_on_the_manage_page(organisation: Organisation, admin_client: Client) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    crowd = [PersonFactory.create(organisation=organisation) for _ in range(3)]
    registrations = [
        services.registration_register(organisation=organisation, session_id=session.pk, person=person)
        for person in crowd
    ]
    page = admin_client.get(reverse("session_manage", args=[organisation.slug, session.pk])).content.decode()
    assert crowd[2].name in page

    admin_client.post(reverse("waitlist_move", args=[organisation.slug, registrations[2].pk]), {"position": "1"})
    registrations[2].refresh_from_db()
    assert registrations[2].waitlist_position == 1
    admin_client.post(reverse("registration_remove", args=[organisation.slug, registrations[0].pk]))
    registrations[2].refresh_from_db()
    assert registrations[2].status == RegistrationStatus.OFFERED  # moved to the front, so offered first
    history = admin_client.get(reverse("session_manage", args=[organisation.slug, session.pk])).content.decode()
    assert "waitlist moved" in history
    assert "removed" in history


def test_a_manager_approves_from_my_sessions(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, requires_approval=True)
    client, manager = _signed_in(organisation, name="Manager")
    report = PersonFactory.create(organisation=organisation, manager=manager)
    registration = services.registration_register(organisation=organisation, session_id=session.pk, person=report)

    page = client.get(reverse("my_sessions", args=[organisation.slug])).content.decode()
    assert report.name in page
    client.post(reverse("registration_decide", args=[organisation.slug, registration.pk]), {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_personal_feed_lists_confirmed_sessions_until_revoked(organisation: Organisation) -> None:
    client, person = _signed_in(organisation, name="Feeder")
    confirmed = SessionFactory.create(organisation=organisation, title="In my feed")
    full = SessionFactory.create(organisation=organisation, title="Only waiting", capacity=1)
    services.registration_register(organisation=organisation, session_id=confirmed.pk, person=person)
    services.registration_register(
        organisation=organisation, session_id=full.pk, person=PersonFactory.create(organisation=organisation)
    )
    services.registration_register(organisation=organisation, session_id=full.pk, person=person)

    response = client.post(
        reverse("session_calendar_settings", args=[organisation.slug]), {"action": "regenerate"}, follow=True
    )
    match = re.search(r"/sessions/feed/([\w-]+)\.ics", response.content.decode())
    assert match is not None
    feed_url = f"/sessions/feed/{match.group(1)}.ics"
    feed = Client().get(feed_url)
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["In my feed"]
    assert len(vobject.readOne(feed.content.decode()).vevent_list) == 1

    client.post(reverse("session_calendar_settings", args=[organisation.slug]), {"action": "revoke"})
    assert Client().get(feed_url).status_code == 404


def test_a_learner_is_warned_of_overlapping_registrations(
    organisation: Organisation, learner_client: Client, learner: Person
) -> None:
    start = datetime(2030, 5, 5, 9, 0, tzinfo=UTC)
    first = SessionFactory.create(
        organisation=organisation, title="Morning one", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    second = SessionFactory.create(
        organisation=organisation,
        title="Morning two",
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=3),
    )
    services.registration_register(organisation=organisation, session_id=first.pk, person=learner)
    page = learner_client.get(reverse("session_detail", args=[organisation.slug, second.pk])).content.decode()
    assert "overlaps this session" in page
    assert "Morning one" in page


def test_drafts_are_hidden_from_learners(organisation: Organisation, learner_client: Client, admin_user: User) -> None:
    draft = SessionFactory.create(organisation=organisation, status=SessionStatus.DRAFT, title="Secret draft")
    assert learner_client.get(reverse("session_detail", args=[organisation.slug, draft.pk])).status_code == 404
    assert "Secret draft" not in learner_client.get(reverse("session_list", args=[organisation.slug])).content.decode()
