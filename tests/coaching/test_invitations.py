"""Calendar invitations on booking, moving and cancelling, read back with icalendar and vobject."""

from __future__ import annotations

import icalendar
import pytest
import vobject
from django.core import mail

from socialu.coaching import services
from socialu.core.models import Organisation
from tests.coaching.helpers import Cast, cast, slot


@pytest.fixture
def c(organisation: Organisation) -> Cast:
    return cast(organisation)


def _calendar(index: int) -> tuple[str, icalendar.Calendar]:
    message = mail.outbox[index]
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics"
    data = content if isinstance(content, bytes) else content.encode()
    vobject.readOne(data.decode())  # a second, independent parser accepts it too
    return mimetype, icalendar.Calendar.from_ical(data)


def test_book_move_cancel_send_one_invitation_stream_with_a_rising_sequence(
    c: Cast, django_capture_on_commit_callbacks: object
) -> None:
    first, second = slot(c, hour=9), slot(c, hour=14)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        booking = services.booking_create(engagement=c.engagement, slot_id=first.pk, actor=c.assistant)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.booking_reschedule(booking=booking, slot_id=second.pk, actor=c.assistant)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.booking_cancel(booking=booking, actor=c.executive)

    events = []
    for index, method in enumerate(("REQUEST", "REQUEST", "CANCEL")):
        mimetype, calendar = _calendar(index)
        assert f"method={method}" in mimetype
        assert calendar["METHOD"] == method
        (event,) = calendar.walk("VEVENT")
        events.append(event)
        assert "mailto:coach@acme.example" in str(event["ORGANIZER"])
        attendees = [str(attendee) for attendee in event.get("ATTENDEE")]
        assert attendees == ["mailto:ceo@acme.example", "mailto:pa@acme.example"]
        assert "DTSTAMP" in event
    assert len({str(event["UID"]) for event in events}) == 1
    assert [event.decoded("SEQUENCE") for event in events] == [0, 1, 2]
    assert events[0].decoded("DTSTART") == first.starts_at
    assert events[1].decoded("DTSTART") == second.starts_at
    assert str(events[2]["STATUS"]) == "CANCELLED"
