"""A coaching session as a calendar invitation, through the shared builder (``socialu.core.ics``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from socialu.coaching.models import Booking
from socialu.core import ics

# Slots are published and shown in UTC; the invitation says so, and calendars show local time.
TIME_ZONE = "UTC"


def booking_event(booking: Booking) -> ics.CalendarEvent:
    """Return the session as a calendar event: the coach organises, the executive (and assistant) attend."""
    engagement = booking.engagement
    attendees = [ics.CalendarPerson(engagement.executive.email, engagement.executive.name)]
    if engagement.assistant is not None:
        attendees.append(ics.CalendarPerson(engagement.assistant.email, engagement.assistant.name))
    link = settings.SITE_URL + reverse("coaching_session", args=[engagement.organisation.slug, booking.pk])
    return ics.CalendarEvent(
        uid=booking.uid,
        sequence=booking.sequence,
        title=f"Coaching: {engagement.executive.name} with {engagement.coach.name}",
        start=booking.slot.starts_at,
        end=booking.slot.ends_at,
        time_zone=TIME_ZONE,
        organiser=ics.CalendarPerson(engagement.coach.email, engagement.coach.name),
        attendees=attendees,
        description="1:1 executive coaching session.",
        url=link,
    )


def booking_ics(booking: Booking, *, cancelled: bool) -> bytes:
    """Return the invitation (``METHOD:REQUEST``) or, for a cancelled session, the cancellation."""
    event = booking_event(booking)
    return ics.cancellation(event) if cancelled else ics.invitation(event)
