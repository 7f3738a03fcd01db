"""A session as a calendar event: one invitation stream per registration, through ``core.ics``."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from socialu.core.ics import CalendarEvent, CalendarPerson, cancellation, event_uid, feed, invitation
from socialu.sessions.models import Registration, RegistrationStatus, Session, SessionSettings


def organiser_of(session: Session) -> CalendarPerson:
    """Return the organiser calendars show: the organisation's sessions address, or the site's."""
    address = (
        SessionSettings.objects.filter(organisation=session.organisation)
        .values_list("organiser_email", flat=True)
        .first()
    )
    if not address:
        address = str(settings.DEFAULT_FROM_EMAIL).rsplit("<", 1)[-1].rstrip(">").strip()
    return CalendarPerson(email=address, name=session.organisation.name)


def session_link(session: Session) -> str:
    """Return the absolute address of the session's page."""
    return settings.SITE_URL + reverse("session_detail", args=[session.organisation.slug, session.pk])


def registration_event(registration: Registration) -> CalendarEvent:
    """Return the registration's calendar event (its UID is stable for this session and registration)."""
    session = registration.session
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    where = session.location
    if confirmed and session.online_link:
        where = f"{where} — {session.online_link}" if where else session.online_link
    return CalendarEvent(
        uid=event_uid(scope="session", key=session.pk, stream=f"registration-{registration.pk}"),
        sequence=registration.calendar_sequence,
        title=session.title,
        start=session.starts_at,
        end=session.ends_at,
        time_zone=session.time_zone,
        organiser=organiser_of(session),
        attendees=(CalendarPerson(email=registration.person.email, name=registration.person.name),),
        description=f"{session.description}\n\n{session_link(session)}".strip(),
        location=where,
        url=session_link(session),
    )


def registration_invitation(registration: Registration) -> bytes:
    """Return the registration's ``METHOD:REQUEST`` invitation."""
    return invitation(registration_event(registration))


def registration_cancellation(registration: Registration) -> bytes:
    """Return the registration's ``METHOD:CANCEL`` message."""
    return cancellation(registration_event(registration))


def registrations_feed(registrations: Iterable[Registration], *, name: str) -> bytes:
    """Return a feed of the registrations' sessions."""
    return feed([registration_event(registration) for registration in registrations], name=name)
