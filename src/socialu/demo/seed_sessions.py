"""Demo sessions: upcoming and past workshops, webinars and classes, a full class with a waitlist and an
open offer, attendance and feedback on past sessions, and an external conference with takeaways.

Seeded history tells nobody: no email is sent. Seeding again adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.sessions import selectors as session_selectors
from socialu.sessions import services
from socialu.sessions.models import Session

ZONE = "Europe/London"
FACILITATOR = "facilitator@demo.example"
LEARNER = "learner@demo.example"

# (title, kind, days from today, hour, length in hours, capacity, online, description)
UPCOMING: tuple[tuple[str, str, int, int, int, int, bool, str], ...] = (
    (
        "Writing for LinkedIn in your own voice",
        "workshop",
        5,
        10,
        2,
        12,
        False,
        "Bring **one post** you would like to write. We draft, check it with the pre-flight checker and share.",
    ),
    (
        "Listening reports explained",
        "webinar",
        10,
        14,
        1,
        100,
        True,
        "What the weekly listening report shows, and what to do about it.",
    ),
)
PAST: tuple[tuple[str, str, int, int, int, int, bool, str], ...] = (
    ("Our social media policy in practice", "class", -14, 10, 2, 20, False, "The policy, one case at a time."),
    ("Crisis drill: the first hour", "workshop", -30, 13, 3, 16, False, "A simulated incident, minute by minute."),
)
FULL_CLASS = "Handling a critical comment"
COMMENTS = ("Very practical.", "Good pace, wanted more examples.", "", "The drill was the best part.")


def _at(days: int, hour: int) -> datetime:
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour, 0, tzinfo=ZoneInfo(ZONE))


def _create(
    organisation: Organisation,
    spec: tuple[str, str, int, int, int, int, bool, str],
    facilitator: Person | None,
    *,
    days: int | None = None,
) -> Session:
    title, kind, spec_days, hour, hours, capacity, online, description = spec
    starts = _at(spec_days if days is None else days, hour)
    session = services.session_create(
        organisation=organisation,
        details=services.SessionDetails(
            title=title,
            kind=kind,
            description=description,
            time_zone=ZONE,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=capacity,
            location="" if online else "Kestrel House, room 2",
            online_link="https://meet.kestrel.example/room-42" if online else "",
            facilitator_ids=(facilitator.pk,) if facilitator else (),
            series_title="Critical comments" if title == FULL_CLASS else "",
        ),
    )
    services.session_publish(organisation=organisation, session_id=session.pk)
    return session


def _register(organisation: Organisation, session: Session, people: list[Person], *, at: datetime) -> None:
    for person in people:
        services.registration_register(organisation=organisation, session_id=session.pk, person=person, now=at)


def seed(organisation: Organisation) -> None:
    """Seed the demo's sessions (once)."""
    if session_selectors.sessions_in(organisation=organisation).exists():
        return
    with services.notifications_muted():
        _seed(organisation)


def _seed(organisation: Organisation) -> None:
    services.session_settings_update(organisation=organisation, time_zone=ZONE, offer_hours=24, reminder_hours="24,1")
    active = people_in(organisation=organisation, active=True)
    facilitator = active.filter(email=FACILITATOR).first()
    learner = active.filter(email=LEARNER).first()
    crowd = list(active.exclude(email__in=[FACILITATOR, LEARNER]).order_by("pk")[:40])
    now = timezone.now()

    for index, spec in enumerate(UPCOMING):
        session = _create(organisation, spec, facilitator)
        _register(organisation, session, crowd[index * 10 : index * 10 + 6 + index * 10], at=now)

    # A full class: four seats taken, three waiting (the demo learner second), then a cancellation
    # offers the first seat to the head of the waitlist, who has not answered yet.
    full = _create(
        organisation, (FULL_CLASS, "class", 3, 15, 2, 4, False, "Reply, or not? Practise both."), facilitator
    )
    _register(organisation, full, crowd[20:24], at=now)
    _register(organisation, full, [crowd[24], *([learner] if learner else []), crowd[25]], at=now)
    first = session_selectors.registration_for(session=full, person=crowd[20])
    if first is not None:
        services.registration_cancel(organisation=organisation, registration_id=first.pk, person=crowd[20], now=now)

    for spec in PAST:
        # Created in the future (registration is refused once a session has started), then moved back.
        session = _create(organisation, spec, facilitator, days=60)
        starts = _at(spec[2], spec[3])
        Session.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=spec[4]))
        attendees = crowd[26:34] + ([learner] if learner else [])
        _register(organisation, session, attendees, at=starts - timedelta(days=7))
        registrations = list(session_selectors.roll_call(session=session))
        marks = {r.pk: ("absent" if i % 4 == 3 else "present") for i, r in enumerate(registrations)}
        services.attendance_record(
            organisation=organisation, session_id=session.pk, marks=marks, taker=facilitator, as_admin=True
        )
        for i, registration in enumerate(registrations):
            if marks[registration.pk] == "present" and i % 2 == 0:
                services.feedback_submit(
                    organisation=organisation,
                    session_id=session.pk,
                    person=registration.person,
                    rating=5 - (i % 3),
                    comments=COMMENTS[i % len(COMMENTS)],
                )

    if learner is not None:
        services.conference_record(
            organisation=organisation,
            person=learner,
            name="Social Media Week London",
            held_on=date.today() - timedelta(days=45),
            cost=Decimal("450.00"),
            link="https://socialmediaweek.example/london",
            takeaways="Short vertical video beats long posts for reach; answer comments within the hour.",
        )
