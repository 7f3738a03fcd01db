"""Shared helpers for the sessions tests."""

from __future__ import annotations

from icalendar import Calendar

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions.models import Registration, RegistrationStatus, Session
from tests.factories import PersonFactory


def people(organisation: Organisation, count: int) -> list[Person]:
    return [PersonFactory.create(organisation=organisation) for _ in range(count)]


def statuses(session: Session) -> dict[int, str]:
    return dict(Registration.objects.filter(session=session).values_list("person_id", "status"))


def waitlist_order(session: Session) -> list[int]:
    return list(
        Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("person_id", flat=True)
    )


def assert_waitlist_has_no_gaps(session: Session) -> None:
    positions = sorted(
        position or 0
        for position in Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )
    assert positions == list(range(1, len(positions) + 1))
    assert not Registration.objects.filter(session=session, waitlist_position__isnull=False).exclude(
        status=RegistrationStatus.WAITLISTED
    )


def calendar_attachment(message: object) -> Calendar:
    """Return the one calendar file attached to an email, parsed by icalendar."""
    attachments = [a for a in message.attachments if a[0].endswith(".ics")]  # type: ignore[attr-defined]
    assert len(attachments) == 1
    _name, content, mimetype = attachments[0]
    assert mimetype.startswith("text/calendar")
    data = content if isinstance(content, bytes) else content.encode()
    return Calendar.from_ical(data)
