"""Attendance: the roll call, self check-in, no-shows, and "session attended" for certification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.certification.requirements import evaluated_at, requirement_kind
from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Attendance, Registration, Series, SessionKind
from socialu.sessions.selectors import no_shows
from tests.factories import PersonFactory, SessionFactory, member

pytestmark = pytest.mark.django_db


def _confirmed(organisation: Organisation, session_id: int, count: int) -> list[Registration]:
    return [
        services.registration_register(
            organisation=organisation, session_id=session_id, person=PersonFactory.create(organisation=organisation)
        )
        for _ in range(count)
    ]


def _facilitator_client(organisation: Organisation) -> tuple[Client, Person]:
    user = member(organisation, Role.FACILITATOR, email="fran@acme.example")
    person = PersonFactory.create(organisation=organisation, user=user, name="Fran Facilitator")
    client = Client()
    client.force_login(user)
    return client, person


def test_a_facilitator_takes_the_roll_on_the_page(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=5)
    came, missed = _confirmed(organisation, session.pk, 2)
    client, facilitator = _facilitator_client(organisation)
    session.facilitators.add(facilitator)
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save()

    page = client.get(reverse("session_roll_call", args=[organisation.slug, session.pk])).content.decode()
    assert came.person.name in page
    assert session.check_in_code in page
    client.post(
        reverse("session_roll_call", args=[organisation.slug, session.pk]),
        {f"attendance-{came.pk}": "present", f"attendance-{missed.pk}": "absent"},
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attendance, missed.attendance) == (Attendance.PRESENT, Attendance.ABSENT)


def test_only_the_sessions_facilitators_take_its_roll(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation)
    client, someone_else = _facilitator_client(organisation)
    assert client.get(reverse("session_roll_call", args=[organisation.slug, session.pk])).status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.attendance_record(
            organisation=organisation, session_id=session.pk, marks={}, taker=someone_else, as_admin=False
        )


def test_the_roll_does_not_open_long_before_the_session(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation)
    with pytest.raises(ConflictError, match="hour before"):
        services.attendance_record(
            organisation=organisation, session_id=session.pk, marks={}, taker=None, as_admin=True
        )


def test_self_check_in_needs_the_code_and_the_time_window(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, check_in_code="K7M2PQ")
    (registration,) = _confirmed(organisation, session.pk, 1)
    person = registration.person
    during = session.starts_at + timedelta(minutes=10)

    with pytest.raises(ConflictError, match="opens 30 minutes"):
        services.attendance_check_in(
            organisation=organisation,
            session_id=session.pk,
            person=person,
            code="K7M2PQ",
            now=session.starts_at - timedelta(hours=2),
        )
    with pytest.raises(InvalidInputError):
        services.attendance_check_in(
            organisation=organisation, session_id=session.pk, person=person, code="WRONG1", now=during
        )
    services.attendance_check_in(
        organisation=organisation, session_id=session.pk, person=person, code=" k7m2pq ", now=during
    )
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    assert registration.checked_in_at == during


def test_repeated_no_shows_are_visible_to_admins(organisation: Organisation, admin_client: Client) -> None:
    sessions = [SessionFactory.create(organisation=organisation, capacity=3) for _ in range(2)]
    serial = PersonFactory.create(organisation=organisation, name="Serial Skipper")
    for session in sessions:
        registration = services.registration_register(organisation=organisation, session_id=session.pk, person=serial)
        session.starts_at = timezone.now() - timedelta(minutes=5)
        session.save()
        services.attendance_record(
            organisation=organisation,
            session_id=session.pk,
            marks={registration.pk: "absent"},
            taker=None,
            as_admin=True,
        )

    (row,) = no_shows(organisation=organisation)
    assert (row.name, row.no_shows, row.attended) == ("Serial Skipper", 2, 0)
    page = admin_client.get(reverse("session_attendance", args=[organisation.slug])).content.decode()
    assert "Serial Skipper" in page
    assert "Repeated" in page


def test_session_attended_is_a_certification_requirement_kind(organisation: Organisation) -> None:
    kind = requirement_kind("session_attended")
    assert kind is not None
    assert kind.validate({"count": 2, "kind": "workshop", "series": "Critical comments"}) == []
    assert kind.validate({"count": 0, "kind": "party"})
    assert kind.describe({"count": 2, "kind": "workshop"}) == "Attend 2 workshops"

    series = Series.objects.create(organisation=organisation, title="Critical comments")
    workshop = SessionFactory.create(organisation=organisation, kind=SessionKind.WORKSHOP, series=series)
    webinar = SessionFactory.create(organisation=organisation, kind=SessionKind.WEBINAR)
    person = PersonFactory.create(organisation=organisation)
    for session in (workshop, webinar):
        registration = services.registration_register(organisation=organisation, session_id=session.pk, person=person)
        Registration.objects.filter(pk=registration.pk).update(attendance=Attendance.PRESENT)

    after = workshop.ends_at + timedelta(days=1)
    with evaluated_at(after):
        assert kind.people_meeting(organisation, {"count": 2}, None) == {person.pk}
        assert kind.people_meeting(organisation, {"kind": "workshop", "series": "Critical comments"}, None) == {
            person.pk
        }
        assert kind.people_meeting(organisation, {"count": 2, "kind": "webinar"}, None) == set()
    with evaluated_at(workshop.starts_at):  # before the sessions ended, nothing counts yet
        assert kind.people_meeting(organisation, {"count": 1}, [person.pk]) == set()


def test_socialu_doctor_finds_overfilled_sessions_and_waitlist_gaps(organisation: Organisation) -> None:
    from socialu.core.consistency import consistency_report

    session = SessionFactory.create(organisation=organisation, capacity=1)
    registrations = _confirmed(organisation, session.pk, 4)  # one seat, three waiting
    outcomes = {o.check.key: o.result.count for o in consistency_report(organisation=organisation)}
    assert (outcomes["sessions.overfilled"], outcomes["sessions.waitlist_gaps"]) == (0, 0)

    Registration.objects.filter(pk=registrations[2].pk).update(waitlist_position=7)
    Registration.objects.filter(pk=registrations[3].pk).update(status="confirmed", waitlist_position=None)
    outcomes = {o.check.key: o.result.count for o in consistency_report(organisation=organisation)}
    assert (outcomes["sessions.overfilled"], outcomes["sessions.waitlist_gaps"]) == (1, 1)
