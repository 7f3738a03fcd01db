"""Calendar invitations: every file is read back by icalendar and by vobject, an independent parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from socialu.core.ics import CalendarEvent, CalendarPerson, cancellation, event_uid, feed, invitation

LONDON = ZoneInfo("Europe/London")
ORGANISER = CalendarPerson(email="sessions@example.org", name="Social Media Centre")
LEARNER = CalendarPerson(email="ana.lopez@example.org", name="Ana López")


def _event(**overrides: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": event_uid(scope="session", key=42, stream="registration-7"),
        "sequence": 0,
        "title": "Writing for LinkedIn",
        "start": datetime(2026, 3, 10, 14, 0, tzinfo=LONDON),
        "end": datetime(2026, 3, 10, 15, 30, tzinfo=LONDON),
        "time_zone": "Europe/London",
        "organiser": ORGANISER,
        "attendees": (LEARNER,),
        "description": "Bring a draft post.",
        "location": "Room 4, Head office",
    }
    values.update(overrides)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF everywhere, no bare LF
    return data.split(b"\r\n")[:-1]


def _vobject(data: bytes) -> vobject.base.Component:
    return vobject.readOne(data.decode("utf-8"))


def _assert_every_tzid_has_a_vtimezone(calendar: Calendar) -> None:
    used = {
        component[name].params["TZID"]
        for component in calendar.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if "TZID" in component[name].params
    }
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert used
    assert used <= defined


def test_an_invitation_is_a_request_with_organiser_and_attendee_asked_to_reply() -> None:
    data = invitation(_event(sequence=3))
    calendar = Calendar.from_ical(data)

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == event_uid(scope="session", key=42, stream="registration-7")
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["ORGANIZER"]) == "mailto:sessions@example.org"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana.lopez@example.org"
    assert attendee.params["RSVP"] == "TRUE"
    assert attendee.params["CN"] == "Ana López"
    assert event.decoded("DTSTART") == datetime(2026, 3, 10, 14, 0, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    _assert_every_tzid_has_a_vtimezone(calendar)

    second = _vobject(data)
    assert second.method.value == "REQUEST"
    assert second.vevent.uid.value == str(event["UID"])
    assert second.vevent.sequence.value == "3"
    assert second.vevent.organizer.value == "mailto:sessions@example.org"
    assert second.vevent.attendee.params["RSVP"] == ["TRUE"]
    assert second.vevent.dtstart.value == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert second.vevent.dtstamp.value.tzinfo is not None
    assert second.vtimezone.tzid.value == "Europe/London"
    (zone,) = calendar.walk("VTIMEZONE")
    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_cancellation_keeps_the_uid_and_says_cancelled() -> None:
    original = invitation(_event(sequence=1))
    data = cancellation(_event(sequence=2))
    calendar = Calendar.from_ical(data)

    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2
    (before,) = Calendar.from_ical(original).walk("VEVENT")
    assert str(event["UID"]) == str(before["UID"])
    _assert_every_tzid_has_a_vtimezone(calendar)

    second = _vobject(data)
    assert second.method.value == "CANCEL"
    assert second.vevent.status.value == "CANCELLED"
    assert second.vevent.uid.value == str(before["UID"])


def test_the_uid_is_stable_per_occurrence_and_attendee_stream_and_hides_the_stream() -> None:
    uid = event_uid(scope="session", key=42, stream="ana.lopez@example.org")
    assert uid == event_uid(scope="session", key=42, stream="ana.lopez@example.org")
    assert uid != event_uid(scope="session", key=43, stream="ana.lopez@example.org")
    assert uid != event_uid(scope="session", key=42, stream="ben@example.org")
    assert uid != event_uid(scope="coaching", key=42, stream="ana.lopez@example.org")
    assert "ana" not in uid
    assert uid.endswith("@socialu")


def test_lines_are_folded_at_75_octets_and_unfold_to_the_same_text() -> None:
    description = "Ünïcödé — practise a reply to a critical comment, then post it. " * 12
    data = invitation(_event(description=description, title="Café session: " + "é" * 80))

    lines = _lines(data)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == description
    assert _vobject(data).vevent.description.value == description


def test_a_session_across_a_daylight_saving_change_keeps_its_times() -> None:
    # The clocks go back in London at 02:00 BST on 25 October 2026: 00:30 BST to 02:30 GMT is three hours.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    end = datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)
    assert end - start == timedelta(hours=2)  # wall-clock arithmetic; the real span differs
    data = invitation(_event(start=start, end=end))

    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    (zone,) = calendar.walk("VTIMEZONE")
    assert {sub.name for sub in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}

    second = _vobject(data)
    assert second.vevent.dtstart.value.astimezone(UTC) == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert second.vevent.dtend.value.astimezone(UTC) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    assert second.vevent.dtend.value.astimezone(UTC) - second.vevent.dtstart.value.astimezone(UTC) == timedelta(hours=3)


def test_a_feed_holds_every_event_and_a_vtimezone_for_each_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    events = [
        _event(uid=event_uid(scope="session", key=key, stream="feed"), start=start, end=start + timedelta(hours=1))
        for key, start in enumerate(
            [datetime(2026, 1, 5, 9, 0, tzinfo=LONDON), datetime(2026, 7, 5, 9, 0, tzinfo=LONDON)]
        )
    ]
    events.append(
        _event(
            uid=event_uid(scope="session", key=99, stream="feed"),
            start=datetime(2026, 4, 1, 9, 0, tzinfo=new_york),
            end=datetime(2026, 4, 1, 10, 0, tzinfo=new_york),
            time_zone="America/New_York",
        )
    )
    data = feed(events, name="Ana's sessions")

    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 3
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == {"Europe/London", "America/New_York"}
    _assert_every_tzid_has_a_vtimezone(calendar)
    assert max(len(line) for line in _lines(data)) <= 75

    second = _vobject(data)
    assert len(second.vevent_list) == 3
    assert {event.uid.value for event in second.vevent_list} == {event.uid for event in events}
    starts = sorted(event.dtstart.value.astimezone(UTC) for event in second.vevent_list)
    assert starts[0] == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # GMT in winter
    assert starts[-1] == datetime(2026, 7, 5, 8, 0, tzinfo=UTC)  # BST in summer


def test_an_empty_feed_is_still_a_calendar() -> None:
    calendar = Calendar.from_ical(feed([], name="Nothing yet"))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": datetime(2026, 3, 10, 14, 0)},
        {"end": datetime(2026, 3, 10, 13, 0, tzinfo=LONDON)},
        {"sequence": -1},
        {"time_zone": "Mars/Olympus_Mons"},
    ],
)
def test_events_that_no_calendar_could_hold_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises((ValueError, KeyError)):
        _event(**overrides)
