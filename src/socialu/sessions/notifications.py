"""Emails about registrations, each confirmation, update and cancellation with its calendar file."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db.models import F

from socialu.sessions.calendar import registration_cancellation, registration_invitation, session_link
from socialu.sessions.models import Registration

_SUBJECTS = {
    "confirmed": "Confirmed: {title}",
    "updated": "Updated: {title}",
    "cancelled": "Cancelled: {title}",
    "offered": "A seat is free for you: {title}",
    "reminder": "Reminder: {title}",
    "follow-up": "Thank you for coming to {title}",
}


def registrations_notify(*, kind: str, registration_ids: list[int]) -> int:
    """Email each registration's person about *kind*; return how many emails went."""
    sent = 0
    for registration in Registration.objects.filter(pk__in=registration_ids).select_related(
        "session", "session__organisation", "person"
    ):
        if not registration.person.email:
            continue
        message = _message(kind, registration)
        sent += message.send()
    return sent


def _message(kind: str, registration: Registration) -> EmailMessage:
    session = registration.session
    link = session_link(session)
    subject = _SUBJECTS[kind].format(title=session.title)
    lines = [f"Hello {registration.person.name},", ""]
    if kind == "offered":
        expires = registration.offer_expires_at
        lines += [
            f"A seat has come free at {session.title}. It is yours if you accept it"
            + (f" before {expires:%d %B %Y %H:%M} UTC." if expires else "."),
            f"Accept or decline it here: {link}",
        ]
        return EmailMessage(subject, "\n".join(lines), None, [registration.person.email])
    if kind in ("reminder", "follow-up"):
        if kind == "reminder":
            lines += [f"A reminder that {session.title} starts soon. Details and any online link: {link}"]
        else:
            lines += [f"Thank you for coming to {session.title}. Tell us how it went (two questions): {link}feedback/"]
        return EmailMessage(subject, "\n".join(lines), None, [registration.person.email])
    if kind == "cancelled":
        lines += [f"Your place at {session.title} is cancelled. The attached file removes it from your calendar."]
    elif kind == "updated":
        lines += [f"{session.title} has changed. The attached invitation updates your calendar."]
    else:
        lines += [f"Your place at {session.title} is confirmed. The attached invitation adds it to your calendar."]
    lines += ["", f"Details: {link}"]
    # Raise SEQUENCE first: a calendar replaces an invitation only with a higher one.
    Registration.objects.filter(pk=registration.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    registration.refresh_from_db(fields=["calendar_sequence"])
    method = "CANCEL" if kind == "cancelled" else "REQUEST"
    data = registration_cancellation(registration) if kind == "cancelled" else registration_invitation(registration)
    message = EmailMessage(subject, "\n".join(lines), None, [registration.person.email])
    message.attach("invitation.ics", data, f"text/calendar; charset=utf-8; method={method}")
    return message
