"""Calendar invitations and feeds that Outlook, Google Calendar and Apple Calendar accept.

Built with the ``icalendar`` library; every app that schedules something (sessions, coaching)
calls this module, never writes iCalendar text itself. The public face is small:

``CalendarPerson(email, name)``
    An organiser or attendee.

``CalendarEvent(uid, sequence, title, start, end, time_zone, organiser, attendees, ...)``
    One dated occurrence. ``start`` and ``end`` are timezone-aware datetimes; ``time_zone`` is the
    IANA name (``"Europe/London"``) the event is written in, so the file carries the session's zone
    and a session across a daylight-saving change keeps its wall-clock times. ``sequence`` is passed
    in by the caller, who raises it on every change the organiser makes (time, place, cancellation).

``event_uid(scope=, key=, stream=, domain=)``
    A stable UID for one (dated occurrence, attendee stream): the same arguments always give the same
    UID, so an update or a cancellation replaces the invitation the calendar already holds.
    ``scope`` names the kind of thing (``"session"``), ``key`` the occurrence (its id), ``stream`` the
    attendee stream (e.g. a registration id); the stream is hashed, so no address leaks into the UID.

``invitation(event) -> bytes``
    ``METHOD:REQUEST`` with ``ORGANIZER`` and ``ATTENDEE;RSVP=TRUE`` for each attendee.

``cancellation(event) -> bytes``
    ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` and the same UID (pass the raised ``sequence``).

``feed(events, name=) -> bytes``
    Many events in one ``VCALENDAR`` (``METHOD:PUBLISH``) for a personal subscription URL.

Every file has ``PRODID``, ``VERSION:2.0``, a ``DTSTAMP`` on each event, a ``VTIMEZONE`` (from
``zoneinfo``, covering a year either side of the events) for every ``TZID`` used, CRLF line ends and lines folded
at 75 octets (icalendar folds on serialising).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

PRODUCT_ID = "-//SocialU//Sessions//EN"
# A year either side: the VTIMEZONE carries both standard and daylight rules, so a calendar that
# shows the event in another zone, or a later move of the event, still converts correctly.
_ZONE_MARGIN = timedelta(days=366)
_UID_NAMESPACE = uuid.UUID("5b0c3f0e-7f43-4d59-9a55-1c0c1f3ad1e2")


@dataclass(frozen=True)
class CalendarPerson:
    """An organiser or attendee of an event: an email address and a display name."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One dated occurrence to put in a calendar."""

    uid: str
    sequence: int
    title: str
    start: datetime
    end: datetime
    time_zone: str
    organiser: CalendarPerson
    attendees: Sequence[CalendarPerson] = ()
    description: str = ""
    location: str = ""
    url: str = ""
    stamp: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Calendar events need timezone-aware start and end times.")
        if self.end <= self.start:
            raise ValueError("A calendar event must end after it starts.")
        if self.sequence < 0:
            raise ValueError("SEQUENCE starts at 0 and only rises.")
        ZoneInfo(self.time_zone)  # an unknown zone fails here, not in a calendar


def event_uid(*, scope: str, key: str | int, stream: str | int, domain: str = "socialu") -> str:
    """Return the stable UID of one occurrence (``scope``/``key``) for one attendee stream."""
    digest = uuid.uuid5(_UID_NAMESPACE, f"{scope}\x1f{key}\x1f{stream}")
    return f"{scope}-{key}-{digest.hex[:16]}@{domain}"


def invitation(event: CalendarEvent) -> bytes:
    """Return a ``METHOD:REQUEST`` calendar invitation for the event."""
    return _serialised(_calendar([event], method="REQUEST", cancelled=False))


def cancellation(event: CalendarEvent) -> bytes:
    """Return a ``METHOD:CANCEL`` message that removes the event (same UID, raised SEQUENCE)."""
    return _serialised(_calendar([event], method="CANCEL", cancelled=True))


def feed(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """Return one ``VCALENDAR`` holding every event, for a subscription URL."""
    calendar = _calendar(list(events), method="PUBLISH", cancelled=False)
    calendar.add("x-wr-calname", name)
    return _serialised(calendar)


def _serialised(calendar: Calendar) -> bytes:
    data: bytes = calendar.to_ical()  # folded at 75 octets, CRLF line ends
    return data


def _calendar(events: list[CalendarEvent], *, method: str, cancelled: bool) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        calendar.add_component(_event(event, method=method, cancelled=cancelled))
        first, last = spans.get(event.time_zone, (event.start, event.end))
        spans[event.time_zone] = (min(first, event.start), max(last, event.end))
    for time_zone, (first, last) in sorted(spans.items()):
        zone = ZoneInfo(time_zone)
        calendar.add_component(
            Timezone.from_tzinfo(
                zone,
                tzid=time_zone,
                first_date=(first.astimezone(zone) - _ZONE_MARGIN).date(),
                last_date=(last.astimezone(zone) + _ZONE_MARGIN).date(),
            )
        )
    return calendar


def _event(event: CalendarEvent, *, method: str, cancelled: bool) -> Event:
    zone = ZoneInfo(event.time_zone)
    component = Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", (event.stamp or datetime.now(UTC)).astimezone(UTC))
    component.add("dtstart", event.start.astimezone(zone))
    component.add("dtend", event.end.astimezone(zone))
    component.add("summary", event.title)
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    if event.url:
        component.add("url", event.url)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if method != "PUBLISH" or event.attendees:
        component.add("organizer", _address(event.organiser, role=None))
    for attendee in event.attendees:
        component.add("attendee", _address(attendee, role="REQ-PARTICIPANT"), encode=False)
    return component


def _address(person: CalendarPerson, *, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    if role is not None:
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
        address.params["CUTYPE"] = "INDIVIDUAL"
    return address
