"""Emails of coaching: calendar invitations on booking, moving and cancelling; the progress pulse links.

Each is sent after the transaction commits, so a refused change sends nothing.
The invitation is an iCalendar file built by ``socialu.core.ics`` (the one
builder every kind of session shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, send_mass_mail
from django.db import transaction
from django.urls import reverse

from socialu.coaching.calendar import booking_ics

if TYPE_CHECKING:
    from socialu.coaching.models import Booking, Engagement, PulseRound


@dataclass(frozen=True)
class PulseLink:
    """A secret link sent to one rater of a round (the token is only ever in the email)."""

    name: str
    email: str
    token: str
    is_self: bool


class Change(StrEnum):
    BOOKED = "booked"
    MOVED = "moved"
    CANCELLED = "cancelled"


SUBJECTS = {
    Change.BOOKED: "Coaching session booked: {when}",
    Change.MOVED: "Coaching session moved to {when}",
    Change.CANCELLED: "Coaching session cancelled: {when}",
}


def booking_summary(booking: Booking) -> str:
    """Return the session's time in words, in UTC."""
    slot = booking.slot
    return f"{slot.starts_at:%A %d %B %Y, %H:%M}–{slot.ends_at:%H:%M} UTC"


def booking_announce(*, booking: Booking, change: Change) -> None:
    """Email the executive, the coach and any assistant about the change, with the calendar invitation."""
    engagement = booking.engagement
    people = [engagement.executive, engagement.coach, engagement.assistant]
    recipients = list(dict.fromkeys(person.email for person in people if person is not None))
    link = settings.SITE_URL + reverse("coaching_engagement", args=[engagement.organisation.slug, engagement.pk])
    subject = SUBJECTS[change].format(when=booking_summary(booking))
    body = (
        f"Your 1:1 coaching session with {engagement.coach.name} and {engagement.executive.name} is {change.value}.\n\n"
        f"When: {booking_summary(booking)}\n\nSee the engagement: {link}\n"
    )
    calendar = booking_ics(booking, cancelled=change == Change.CANCELLED)

    def send() -> None:
        message = EmailMessage(subject, body, None, recipients)
        method = "CANCEL" if change == Change.CANCELLED else "REQUEST"
        message.attach("invite.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
        message.send()

    transaction.on_commit(send)


def pulse_link(token: str) -> str:
    """Return the address a rater opens to answer the pulse."""
    return settings.SITE_URL + reverse("coaching_pulse_answer", args=[token])


def pulse_send(*, engagement: Engagement, pulse: PulseRound, links: Sequence[PulseLink]) -> None:
    """Email every rater of *pulse* their own single-use link."""
    behaviours = "\n".join(f"- {behaviour}" for behaviour in engagement.behaviours)
    messages = []
    for link in links:
        about = "yourself" if link.is_self else engagement.executive.name
        body = (
            f"Hello {link.name},\n\nPlease rate {about} on these behaviours, from 1 (rarely) to 5 (consistently):\n"
            f"{behaviours}\n\nIt takes a minute and needs no sign-in. The link works once:\n{pulse_link(link.token)}\n"
        )
        subject = f"Coaching progress pulse ({pulse.get_stage_display().lower()}): {engagement.executive.name}"
        messages.append((subject, body, None, [link.email]))
    transaction.on_commit(lambda: send_mass_mail(messages))
