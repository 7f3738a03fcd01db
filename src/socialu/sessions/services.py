"""Writes for group sessions: sessions, registrations, the waitlist and seat offers.

Seats are exact. Every change to a session's seats runs inside one transaction that first locks the
session row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions take the write lock
at BEGIN), so parallel registrations queue for the lock and the counts they read stay true until
they commit.

Seat rules:

* A seat is held by a confirmed attendee or by an open offer. Held seats never exceed capacity.
* When a seat frees up (a cancellation, a removal, a capacity increase, an offer declined or lapsed),
  the first person on the waitlist is offered it, one offer per freed seat, for the organisation's
  offer time (``SessionSettings.offer_hours``). An offer not accepted in time lapses (the person
  leaves the waitlist) and the seat passes to the next person: :func:`offers_expire`, run by the
  scheduled job ``sessions.offers_expire``.
* Waitlist positions are 1..k without gaps; leaving the waitlist closes the gap.
* Where a session requires approval, a registration waits for the person's manager (or an admin);
  approval then gives a seat or a waitlist place like any registration.

Every change writes a :class:`RegistrationEvent` (who, what, the new status and position, why).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.curriculum.models import Competency, Course
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.sessions.models import (
    ENDED,
    MAX_SESSION_LENGTH,
    SEAT_HOLDING,
    Attendance,
    CalendarProfile,
    ExternalConference,
    Feedback,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Series,
    Session,
    SessionKind,
    SessionMessage,
    SessionSettings,
    SessionStatus,
)

CHECK_IN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud in a room
CHECK_IN_LENGTH = 6


class SessionError(InvalidInputError):
    """A session or registration change that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class SessionDetails:
    """What an admin writes about a session."""

    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    capacity: int
    kind: str = SessionKind.WORKSHOP
    description: str = ""
    location: str = ""
    online_link: str = ""
    audiences: tuple[str, ...] = ()
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    requires_approval: bool = False
    facilitator_ids: tuple[int, ...] = ()
    course_id: int | None = None
    competency_ids: tuple[int, ...] = ()
    series_title: str = ""


def time_zone_valid(name: str) -> bool:
    """Return whether *name* is an IANA time zone this installation knows."""
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def session_settings_get(*, organisation: Organisation) -> SessionSettings:
    """Return the organisation's session settings, creating the defaults on first use."""
    settings, _ = SessionSettings.objects.get_or_create(organisation=organisation)
    return settings


def session_settings_update(
    *, organisation: Organisation, time_zone: str, offer_hours: int, reminder_hours: str
) -> SessionSettings:
    """Change the organisation's time zone, offer time and reminder offsets."""
    errors: dict[str, list[str]] = {}
    if not time_zone_valid(time_zone):
        errors["time_zone"] = ["Choose a time zone such as Europe/London or America/New_York."]
    if not 1 <= offer_hours <= 24 * 14:
        errors["offer_hours"] = ["Give a number of hours from 1 to 336 (two weeks)."]
    try:
        reminder_offsets(reminder_hours)
    except ValueError as error:
        errors["reminder_hours"] = [str(error)]
    if errors:
        raise SessionError("The settings were not saved.", errors=errors)
    settings = session_settings_get(organisation=organisation)
    settings.time_zone, settings.offer_hours = time_zone, offer_hours
    settings.reminder_hours = ",".join(str(hours) for hours in reminder_offsets(reminder_hours))
    settings.save()
    return settings


def reminder_offsets(text: str) -> list[int]:
    """Return the reminder offsets in hours from text such as "24, 1" (largest first)."""
    values: set[int] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        if not part.strip().isdigit() or not 1 <= int(part) <= 24 * 30:
            raise ValueError("Give whole numbers of hours from 1 to 720, separated by commas (e.g. 24, 1).")
        values.add(int(part))
    return sorted(values, reverse=True)


# --- sessions ---------------------------------------------------------------------------------------


def _validated(organisation: Organisation, details: SessionDetails, *, session_id: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not details.title.strip():
        errors["title"] = ["Give the session a title."]
    if details.kind not in SessionKind.values:
        errors["kind"] = [f"Choose one of {', '.join(SessionKind.values)}."]
    if not 1 <= details.capacity <= 100_000:
        errors["capacity"] = ["Give a capacity from 1 to 100000."]
    unknown = sorted(set(details.audiences) - set(Audience.values))
    if unknown:
        errors["audiences"] = [f"Unknown audiences {', '.join(unknown)}: use {', '.join(Audience.values)}."]
    errors.update(_schedule_errors(details))
    errors.update(_reference_errors(organisation, details, session_id=session_id, times_valid=not errors))
    return errors


def _schedule_errors(details: SessionDetails) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not time_zone_valid(details.time_zone):
        errors["time_zone"] = ["Choose a time zone such as Europe/London or America/New_York."]
    if details.starts_at.tzinfo is None or details.ends_at.tzinfo is None:
        errors["starts_at"] = ["Give the start and end with their time zone."]
        return errors
    if details.ends_at <= details.starts_at:
        errors["ends_at"] = ["The session must end after it starts."]
    elif details.ends_at - details.starts_at > MAX_SESSION_LENGTH:
        errors["ends_at"] = ["A session lasts at most 14 days; make a series of dates for anything longer."]
    opens, closes = details.registration_opens_at, details.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = ["Registration must close after it opens."]
    elif closes and closes > details.ends_at:
        errors["registration_closes_at"] = ["Registration must close before the session ends."]
    return errors


def _reference_errors(
    organisation: Organisation, details: SessionDetails, *, session_id: int | None, times_valid: bool
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    facilitators = set(details.facilitator_ids)
    active = people_in(organisation=organisation, active=True)
    found = set(active.filter(pk__in=facilitators).values_list("pk", flat=True))
    if facilitators - found:
        errors["facilitator_ids"] = ["Choose facilitators from the active people of this organisation."]
    elif facilitators and times_valid:
        clash = _facilitator_clash(organisation, details, facilitators, session_id=session_id)
        if clash:
            errors["facilitator_ids"] = [clash]
    if details.course_id and not Course.objects.filter(organisation=organisation, pk=details.course_id).exists():
        errors["course_id"] = ["Choose a course of this organisation's curriculum."]
    competencies = set(details.competency_ids)
    known = Competency.objects.filter(organisation=organisation, pk__in=competencies).count()
    if competencies and known != len(competencies):
        errors["competency_ids"] = ["Choose competencies of this organisation's curriculum."]
    return errors


def _facilitator_clash(
    organisation: Organisation, details: SessionDetails, facilitators: set[int], *, session_id: int | None
) -> str:
    candidates = Session.objects.filter(
        organisation=organisation,
        facilitators__in=facilitators,
        starts_at__lt=details.ends_at,
        ends_at__gt=details.starts_at,
    ).exclude(status=SessionStatus.CANCELLED)
    if session_id is not None:
        candidates = candidates.exclude(pk=session_id)
    overlapping = candidates.distinct().first()
    if overlapping is None:
        return ""
    return (
        f"A facilitator is already booked on “{overlapping.title}” at that time. "
        "Choose another facilitator or another time."
    )


def _apply(session: Session, organisation: Organisation, details: SessionDetails) -> None:
    session.kind = details.kind
    session.title = details.title.strip()
    session.description = details.description
    session.time_zone = details.time_zone
    session.starts_at, session.ends_at = details.starts_at, details.ends_at
    session.location, session.online_link = details.location.strip(), details.online_link.strip()
    session.audiences = sorted(set(details.audiences))
    session.registration_opens_at = details.registration_opens_at
    session.registration_closes_at = details.registration_closes_at
    session.requires_approval = details.requires_approval
    session.course_id = details.course_id
    title = details.series_title.strip()
    session.series = Series.objects.get_or_create(organisation=organisation, title=title)[0] if title else None


@transaction.atomic
def session_create(*, organisation: Organisation, details: SessionDetails) -> Session:
    """Create a draft session."""
    errors = _validated(organisation, details, session_id=None)
    if errors:
        raise SessionError("The session was not saved.", errors=errors)
    session = Session(organisation=organisation, capacity=details.capacity, check_in_code=_check_in_code())
    _apply(session, organisation, details)
    session.save()
    session.facilitators.set(details.facilitator_ids)
    session.competencies.set(details.competency_ids)
    return session


@transaction.atomic
def session_update(
    *, organisation: Organisation, session_id: int, details: SessionDetails, now: datetime | None = None
) -> Session:
    """Change a session; a capacity increase offers the new seats to the waitlist, in order."""
    session = _locked_session(organisation, session_id)
    if session.status == SessionStatus.CANCELLED:
        raise ConflictError("This session is cancelled; create a new one instead.")
    errors = _validated(organisation, details, session_id=session.pk)
    held = _held_seats(session)
    if "capacity" not in errors and details.capacity < held:
        errors["capacity"] = [
            f"{held} seats are taken or offered; cancel or remove attendees before lowering the capacity below that."
        ]
    if errors:
        raise SessionError("The session was not saved.", errors=errors)
    changed_time = (session.starts_at, session.ends_at, session.location, session.online_link) != (
        details.starts_at,
        details.ends_at,
        details.location.strip(),
        details.online_link.strip(),
    )
    _apply(session, organisation, details)
    session.capacity = details.capacity
    session.sequence += 1
    session.save()
    session.facilitators.set(details.facilitator_ids)
    session.competencies.set(details.competency_ids)
    _fill_seats(session, now=_now(now))
    if changed_time and session.status == SessionStatus.PUBLISHED:
        _after_commit_notify("updated", _registration_ids(session, (RegistrationStatus.CONFIRMED,)))
    return session


@transaction.atomic
def session_capacity_change(
    *, organisation: Organisation, session_id: int, capacity: int, now: datetime | None = None
) -> Session:
    """Set a session's capacity; never below the seats held; new seats go to the waitlist in order."""
    session = _locked_session(organisation, session_id)
    if not 1 <= capacity <= 100_000:
        raise SessionError(errors={"capacity": ["Give a capacity from 1 to 100000."]})
    held = _held_seats(session)
    if capacity < held:
        raise ConflictError(f"{held} seats are taken or offered; the capacity cannot go below that.")
    session.capacity = capacity
    session.save(update_fields=["capacity", "updated_at"])
    _fill_seats(session, now=_now(now))
    return session


@transaction.atomic
def session_publish(*, organisation: Organisation, session_id: int) -> Session:
    """Publish a draft session: it appears in the catalogue and people can register."""
    session = _locked_session(organisation, session_id)
    if session.status != SessionStatus.DRAFT:
        raise ConflictError(f"Only a draft can be published; this session is {session.get_status_display().lower()}.")
    session.status = SessionStatus.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def session_cancel(*, organisation: Organisation, session_id: int, actor: Person | None = None) -> Session:
    """Cancel a session: everyone registered is told, and their calendars drop it."""
    session = _locked_session(organisation, session_id)
    if session.status == SessionStatus.CANCELLED:
        raise ConflictError("This session is already cancelled.")
    notify = _registration_ids(session, (RegistrationStatus.CONFIRMED,))
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    for registration in session.registrations.exclude(status__in=ENDED):
        registration.status, registration.waitlist_position, registration.offer_expires_at = (
            RegistrationStatus.CANCELLED,
            None,
            None,
        )
        registration.save(update_fields=["status", "waitlist_position", "offer_expires_at", "updated_at"])
        _log(registration, "session cancelled", actor=actor)
    _after_commit_notify("cancelled", notify)
    return session


@transaction.atomic
def session_check_in_code_regenerate(*, organisation: Organisation, session_id: int) -> Session:
    """Give the session a new self check-in code (the old one stops working)."""
    session = _locked_session(organisation, session_id)
    session.check_in_code = _check_in_code()
    session.save(update_fields=["check_in_code", "updated_at"])
    return session


# --- registrations ----------------------------------------------------------------------------------


@transaction.atomic
def registration_register(
    *, organisation: Organisation, session_id: int, person: Person, now: datetime | None = None
) -> Registration:
    """Register *person*: a seat if one is free and nobody waits, otherwise the end of the waitlist."""
    moment = _now(now)
    session = _locked_session(organisation, session_id)
    _check_open(session, person, moment)
    registration = Registration.objects.filter(organisation=organisation, session=session, person=person).first()
    if registration is not None and registration.status not in ENDED:
        raise ConflictError(f"You are already registered: {registration.get_status_display().lower()}.")
    if registration is None:
        registration = Registration(organisation=organisation, session=session, person=person)
    registration.decision_reason = ""
    registration.offer_expires_at = None
    if session.requires_approval:
        registration.status, registration.waitlist_position = RegistrationStatus.AWAITING_APPROVAL, None
        registration.save()
        _log(registration, "registered", actor=person, detail="Waiting for the manager's approval.")
        return registration
    _allocate(session, registration)
    _log(registration, "registered", actor=person)
    if registration.status == RegistrationStatus.CONFIRMED:
        _after_commit_notify("confirmed", [registration.pk])
    return registration


def _check_open(session: Session, person: Person, moment: datetime) -> None:
    if session.status != SessionStatus.PUBLISHED:
        raise ConflictError("This session is not open for registration.")
    if session.starts_at <= moment:
        raise ConflictError("This session has already started.")
    if session.registration_opens_at and moment < session.registration_opens_at:
        raise ConflictError("Registration has not opened yet.")
    if session.registration_closes_at and moment >= session.registration_closes_at:
        raise ConflictError("Registration has closed.")
    if not person.is_active or person.organisation_id != session.organisation_id:
        raise PermissionDeniedError("Only active people of this organisation can register.")
    if session.audiences and person.audience not in session.audiences:
        raise PermissionDeniedError("This session is meant for other audiences.")


def _allocate(session: Session, registration: Registration) -> None:
    """Give a seat if one is free and nobody waits; otherwise the next waitlist place."""
    standing = Registration.objects.filter(session=session).aggregate(
        held=Count("pk", filter=Q(status__in=SEAT_HOLDING)),
        waiting=Max("waitlist_position", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    waiting = int(standing["waiting"] or 0)
    if waiting == 0 and standing["held"] < session.capacity:
        registration.status, registration.waitlist_position = RegistrationStatus.CONFIRMED, None
    else:
        registration.status, registration.waitlist_position = RegistrationStatus.WAITLISTED, waiting + 1
    registration.save()


@transaction.atomic
def registration_cancel(
    *, organisation: Organisation, registration_id: int, person: Person, now: datetime | None = None
) -> Registration:
    """Cancel the person's own registration (or waitlist place, or offer); a freed seat is offered on."""
    registration, session = _locked_registration(organisation, registration_id)
    if registration.person_id != person.pk:
        raise NotFoundError("There is no such registration.")
    return _end(session, registration, RegistrationStatus.CANCELLED, actor=person, now=_now(now), action="cancelled")


@transaction.atomic
def registration_remove(
    *,
    organisation: Organisation,
    registration_id: int,
    actor: Person | None,
    reason: str = "",
    now: datetime | None = None,
) -> Registration:
    """Remove someone from a session (an admin's decision); a freed seat is offered on."""
    registration, session = _locked_registration(organisation, registration_id)
    return _end(
        session, registration, RegistrationStatus.REMOVED, actor=actor, now=_now(now), action="removed", detail=reason
    )


def _end(
    session: Session,
    registration: Registration,
    status: str,
    *,
    actor: Person | None,
    now: datetime,
    action: str,
    detail: str = "",
) -> Registration:
    if registration.status in ENDED:
        raise ConflictError("This registration has already ended.")
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    _leave_waitlist(registration)
    registration.status, registration.offer_expires_at = status, None
    registration.save()
    _log(registration, action, actor=actor, detail=detail)
    if was_confirmed:
        _after_commit_notify("cancelled", [registration.pk])
    _fill_seats(session, now=now)
    return registration


@transaction.atomic
def offer_accept(
    *, organisation: Organisation, registration_id: int, person: Person, now: datetime | None = None
) -> Registration:
    """Take up an offered seat before the offer expires."""
    registration, _session = _locked_registration(organisation, registration_id)
    if registration.person_id != person.pk:
        raise NotFoundError("There is no such registration.")
    if registration.status != RegistrationStatus.OFFERED:
        raise ConflictError("There is no open offer on this registration.")
    if registration.offer_expires_at is not None and registration.offer_expires_at <= _now(now):
        raise ConflictError("This offer has expired; the seat has passed to the next person on the waitlist.")
    registration.status, registration.offer_expires_at = RegistrationStatus.CONFIRMED, None
    registration.save()
    _log(registration, "offer accepted", actor=person)
    _after_commit_notify("confirmed", [registration.pk])
    return registration


@transaction.atomic
def offer_decline(
    *, organisation: Organisation, registration_id: int, person: Person, now: datetime | None = None
) -> Registration:
    """Turn an offered seat down; it passes to the next person on the waitlist."""
    registration, session = _locked_registration(organisation, registration_id)
    if registration.person_id != person.pk:
        raise NotFoundError("There is no such registration.")
    if registration.status != RegistrationStatus.OFFERED:
        raise ConflictError("There is no open offer on this registration.")
    return _end(
        session, registration, RegistrationStatus.CANCELLED, actor=person, now=_now(now), action="offer declined"
    )


def offers_expire(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Lapse every offer past its time and pass each seat on; return how many lapsed."""
    moment = _now(now)
    session_ids = set(
        Registration.objects.filter(
            organisation=organisation, status=RegistrationStatus.OFFERED, offer_expires_at__lte=moment
        ).values_list("session_id", flat=True)
    )
    lapsed = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            session = _locked_session(organisation, session_id)
            for registration in session.registrations.filter(
                status=RegistrationStatus.OFFERED, offer_expires_at__lte=moment
            ).order_by("offer_expires_at", "pk"):
                registration.status, registration.offer_expires_at = RegistrationStatus.LAPSED, None
                registration.save()
                _log(registration, "offer lapsed", detail="Not accepted in time; the seat passed on.")
                lapsed += 1
            _fill_seats(session, now=moment)
    return lapsed


@transaction.atomic
def waitlist_move(
    *, organisation: Organisation, registration_id: int, position: int, actor: Person | None, reason: str = ""
) -> Registration:
    """Move a waitlisted registration to *position* (1 is next in line); the others shift."""
    registration, session = _locked_registration(organisation, registration_id)
    if registration.status != RegistrationStatus.WAITLISTED or registration.waitlist_position is None:
        raise ConflictError("Only a registration on the waitlist can be moved.")
    length = _waitlist_length(session)
    if not 1 <= position <= length:
        raise SessionError(errors={"position": [f"Give a position from 1 to {length}."]})
    old = registration.waitlist_position
    waiting = Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
    if position < old:
        waiting.filter(waitlist_position__gte=position, waitlist_position__lt=old).update(
            waitlist_position=F("waitlist_position") + 1
        )
    elif position > old:
        waiting.filter(waitlist_position__gt=old, waitlist_position__lte=position).update(
            waitlist_position=F("waitlist_position") - 1
        )
    registration.waitlist_position = position
    registration.save()
    _log(registration, "waitlist moved", actor=actor, detail=f"From {old} to {position}. {reason}".strip())
    return registration


@transaction.atomic
def registration_decide(
    *,
    organisation: Organisation,
    registration_id: int,
    approve: bool,
    reason: str,
    decider: Person | None,
    as_admin: bool,
) -> Registration:
    """Approve (a seat or a waitlist place follows) or decline a registration awaiting approval."""
    registration, session = _locked_registration(organisation, registration_id)
    if registration.status != RegistrationStatus.AWAITING_APPROVAL:
        raise ConflictError("This registration is not waiting for approval.")
    is_manager = decider is not None and registration.person.manager_id == decider.pk
    if not (as_admin or is_manager):
        raise PermissionDeniedError("Only the person's manager or a programme admin can decide.")
    if not approve and not reason.strip():
        raise SessionError(errors={"reason": ["Say why the registration is declined; the person will read it."]})
    registration.decision_reason = reason.strip()
    if approve:
        _allocate(session, registration)
        _log(registration, "approved", actor=decider, detail=reason.strip())
        if registration.status == RegistrationStatus.CONFIRMED:
            _after_commit_notify("confirmed", [registration.pk])
    else:
        registration.status = RegistrationStatus.DECLINED
        registration.save()
        _log(registration, "declined", actor=decider, detail=reason.strip())
    return registration


# --- the seat machinery -----------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_LENGTH))


def _locked_session(organisation: Organisation, session_id: int) -> Session:
    session = Session.objects.select_for_update().filter(organisation=organisation, pk=session_id).first()
    if session is None:
        raise NotFoundError("There is no such session in this organisation.")
    return session


def _locked_registration(organisation: Organisation, registration_id: int) -> tuple[Registration, Session]:
    session_id = (
        Registration.objects.filter(organisation=organisation, pk=registration_id)
        .values_list("session_id", flat=True)
        .first()
    )
    if session_id is None:
        raise NotFoundError("There is no such registration.")
    session = _locked_session(organisation, session_id)
    registration = Registration.objects.select_related("person").get(pk=registration_id)
    return registration, session


def _held_seats(session: Session) -> int:
    return Registration.objects.filter(session=session, status__in=SEAT_HOLDING).count()


def _waitlist_length(session: Session) -> int:
    top = Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).aggregate(
        top=Max("waitlist_position")
    )["top"]
    return int(top or 0)


def _leave_waitlist(registration: Registration) -> None:
    old = registration.waitlist_position
    if old is None:
        return
    registration.waitlist_position = None
    registration.save(update_fields=["waitlist_position", "updated_at"])
    Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITLISTED, waitlist_position__gt=old
    ).update(waitlist_position=F("waitlist_position") - 1)


def _fill_seats(session: Session, *, now: datetime) -> list[Registration]:
    """Offer each free seat to the next person on the waitlist, in order; return the offers made."""
    free = session.capacity - _held_seats(session)
    if free <= 0:
        return []
    hours = session_settings_get(organisation=session.organisation).offer_hours
    offers: list[Registration] = []
    for registration in Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).order_by(
        "waitlist_position"
    )[:free]:
        offers.append(registration)
    for registration in offers:
        registration.refresh_from_db(fields=["waitlist_position"])
        _leave_waitlist(registration)
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = now + timedelta(hours=hours)
        registration.save()
        _log(registration, "seat offered", detail=f"Open until {registration.offer_expires_at:%Y-%m-%d %H:%M} UTC.")
    if offers:
        _after_commit_notify("offered", [registration.pk for registration in offers])
    return offers


def _registration_ids(session: Session, statuses: tuple[str, ...]) -> list[int]:
    return list(session.registrations.filter(status__in=statuses).values_list("pk", flat=True))


def _log(registration: Registration, action: str, *, actor: Person | None = None, detail: str = "") -> None:
    RegistrationEvent.objects.create(
        organisation_id=registration.organisation_id,
        registration=registration,
        action=action,
        status=registration.status,
        waitlist_position=registration.waitlist_position,
        actor=actor,
        detail=detail,
    )


_MUTED: ContextVar[bool] = ContextVar("sessions_notifications_muted", default=False)


@contextmanager
def notifications_muted() -> Iterator[None]:
    """Send no email inside the block (seeding history, such as the demo's, tells nobody)."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def _after_commit_notify(kind: str, registration_ids: list[int]) -> None:
    """Email the people concerned once the change is committed (never for a change rolled back)."""
    if not registration_ids or _MUTED.get():
        return
    from socialu.sessions.notifications import registrations_notify

    transaction.on_commit(lambda: registrations_notify(kind=kind, registration_ids=registration_ids))


# --- a person's calendar ----------------------------------------------------------------------------


def _profile(organisation: Organisation, person: Person) -> CalendarProfile:
    return CalendarProfile.objects.get_or_create(organisation=organisation, person=person)[0]


@transaction.atomic
def calendar_time_zone_set(*, organisation: Organisation, person: Person, time_zone: str) -> CalendarProfile:
    """Set the time zone the person sees times in (empty: the organisation's)."""
    if time_zone and not time_zone_valid(time_zone):
        raise SessionError(errors={"time_zone": ["Choose a time zone such as Europe/London, or leave it empty."]})
    profile = _profile(organisation, person)
    profile.time_zone = time_zone
    profile.save(update_fields=["time_zone"])
    return profile


@transaction.atomic
def calendar_feed_regenerate(*, organisation: Organisation, person: Person) -> str:
    """Give the person a new secret feed token (the old address stops working); return the token."""
    token = secrets.token_urlsafe(32)
    profile = _profile(organisation, person)
    profile.token_hash = hashlib.sha256(token.encode()).hexdigest()
    profile.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def calendar_feed_revoke(*, organisation: Organisation, person: Person) -> None:
    """Switch the person's feed off: its address stops working."""
    CalendarProfile.objects.filter(organisation=organisation, person=person).update(token_hash="")


# --- attendance -------------------------------------------------------------------------------------

ROLL_CALL_OPENS = timedelta(hours=1)
CHECK_IN_OPENS = timedelta(minutes=30)
CHECK_IN_CLOSES = timedelta(minutes=30)


@transaction.atomic
def attendance_record(
    *,
    organisation: Organisation,
    session_id: int,
    marks: dict[int, str],
    taker: Person | None,
    as_admin: bool,
    now: datetime | None = None,
) -> int:
    """Record present or no-show for confirmed registrations (registration id → mark); return how many."""
    session = _locked_session(organisation, session_id)
    is_facilitator = taker is not None and session.facilitators.filter(pk=taker.pk).exists()
    if not (as_admin or is_facilitator):
        raise PermissionDeniedError("Only the session's facilitators or a programme admin can take the roll.")
    if _now(now) < session.starts_at - ROLL_CALL_OPENS:
        raise ConflictError("The roll opens an hour before the session starts.")
    unknown = {mark for mark in marks.values() if mark not in Attendance.values}
    if unknown:
        raise SessionError(errors={"attendance": ["Mark each person present, no-show, or leave them unrecorded."]})
    registrations = session.registrations.filter(pk__in=marks, status=RegistrationStatus.CONFIRMED)
    changed = 0
    for registration in registrations:
        mark = marks[registration.pk]
        if registration.attendance != mark:
            registration.attendance = mark
            registration.save(update_fields=["attendance", "updated_at"])
            _log(registration, f"attendance: {registration.get_attendance_display().lower()}", actor=taker)
            changed += 1
    return changed


@transaction.atomic
def attendance_check_in(
    *, organisation: Organisation, session_id: int, person: Person, code: str, now: datetime | None = None
) -> Registration:
    """Check oneself in with the code shown in the room (valid from 30 minutes before to 30 after the end)."""
    moment = _now(now)
    session = _locked_session(organisation, session_id)
    if not session.starts_at - CHECK_IN_OPENS <= moment <= session.ends_at + CHECK_IN_CLOSES:
        raise ConflictError("Check-in opens 30 minutes before the session and closes 30 minutes after it ends.")
    if not session.check_in_code or code.strip().upper() != session.check_in_code.upper():
        raise SessionError(errors={"code": ["That code is not right. Ask the facilitator to show it again."]})
    registration = session.registrations.filter(person=person, status=RegistrationStatus.CONFIRMED).first()
    if registration is None:
        raise ConflictError("Only people with a confirmed place can check in.")
    registration.attendance, registration.checked_in_at = Attendance.PRESENT, moment
    registration.save(update_fields=["attendance", "checked_in_at", "updated_at"])
    _log(registration, "checked in", actor=person)
    return registration


# --- reminders, follow-up and feedback --------------------------------------------------------------

FOLLOW_UP_WITHIN = timedelta(days=7)


def reminders_send(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Remind confirmed attendees before their sessions (the organisation's offsets); return how many.

    Someone who registers late gets one reminder, for the nearest offset; the larger ones are skipped.
    """
    moment = _now(now)
    offsets = reminder_offsets(session_settings_get(organisation=organisation).reminder_hours)
    if not offsets:
        return 0
    due = Registration.objects.filter(
        organisation=organisation,
        status=RegistrationStatus.CONFIRMED,
        session__status=SessionStatus.PUBLISHED,
        session__starts_at__gt=moment,
        session__starts_at__lte=moment + timedelta(hours=max(offsets)),
    ).select_related("session")
    reminded: list[int] = []
    for registration in due:
        hours_left = (registration.session.starts_at - moment).total_seconds() / 3600
        applicable = [offset for offset in offsets if offset >= hours_left]
        keys = [f"reminder-{offset}" for offset in applicable]
        already = set(
            SessionMessage.objects.filter(registration=registration, key__in=keys).values_list("key", flat=True)
        )
        if not applicable or set(keys) <= already:
            continue
        SessionMessage.objects.bulk_create(
            [
                SessionMessage(organisation=organisation, registration=registration, key=key)
                for key in keys
                if key not in already
            ]
        )
        reminded.append(registration.pk)
    if reminded and not _MUTED.get():
        from socialu.sessions.notifications import registrations_notify

        registrations_notify(kind="reminder", registration_ids=reminded)
    return len(reminded)


def follow_ups_send(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Thank attendees of sessions that ended in the last week and ask for feedback; return how many."""
    moment = _now(now)
    due = (
        Registration.objects.filter(
            organisation=organisation,
            status=RegistrationStatus.CONFIRMED,
            session__status=SessionStatus.PUBLISHED,
            session__ends_at__lte=moment,
            session__ends_at__gt=moment - FOLLOW_UP_WITHIN,
        )
        .exclude(attendance=Attendance.ABSENT)
        .exclude(messages__key="follow-up")
    )
    ids = list(due.values_list("pk", flat=True))
    SessionMessage.objects.bulk_create(
        [SessionMessage(organisation=organisation, registration_id=pk, key="follow-up") for pk in ids]
    )
    if ids and not _MUTED.get():
        from socialu.sessions.notifications import registrations_notify

        registrations_notify(kind="follow-up", registration_ids=ids)
    return len(ids)


@transaction.atomic
def feedback_submit(
    *,
    organisation: Organisation,
    session_id: int,
    person: Person,
    rating: int,
    comments: str,
    now: datetime | None = None,
) -> Feedback:
    """Record (or change) an attendee's rating and comments once the session has ended."""
    session = Session.objects.filter(organisation=organisation, pk=session_id).first()
    if session is None:
        raise NotFoundError("There is no such session in this organisation.")
    if session.ends_at > _now(now):
        raise ConflictError("Feedback opens when the session ends.")
    attended = session.registrations.filter(person=person, status=RegistrationStatus.CONFIRMED).exclude(
        attendance=Attendance.ABSENT
    )
    if not attended.exists():
        raise PermissionDeniedError("Only people who attended the session can give feedback on it.")
    if not 1 <= rating <= 5:
        raise SessionError(errors={"rating": ["Choose a rating from 1 (poor) to 5 (excellent)."]})
    feedback, _ = Feedback.objects.update_or_create(
        organisation=organisation,
        session=session,
        person=person,
        defaults={"rating": rating, "comments": comments.strip()[:5000]},
    )
    return feedback


# --- external conferences ---------------------------------------------------------------------------


@transaction.atomic
def conference_record(
    *,
    organisation: Organisation,
    person: Person,
    name: str,
    held_on: date,
    cost: Decimal,
    link: str = "",
    takeaways: str = "",
) -> ExternalConference:
    """Record an external conference or webinar the person attended."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Give the conference's name."]
    if cost < 0 or cost >= Decimal("100000000"):
        errors["cost"] = ["Give the cost as a number from 0 (free) upwards."]
    if errors:
        raise SessionError("The conference was not saved.", errors=errors)
    return ExternalConference.objects.create(
        organisation=organisation,
        person=person,
        name=name.strip(),
        held_on=held_on,
        cost=cost,
        link=link.strip(),
        takeaways=takeaways.strip(),
    )
