"""Reads for group sessions, always scoped to one organisation."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from socialu.core.errors import NotFoundError
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions.models import (
    MAX_SESSION_LENGTH,
    Attendance,
    CalendarProfile,
    ExternalConference,
    Feedback,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Session,
    SessionSettings,
    SessionStatus,
)


@dataclass(frozen=True)
class Seats:
    """How a session's seats stand."""

    capacity: int
    confirmed: int
    offered: int
    waitlisted: int
    awaiting_approval: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.confirmed - self.offered)


def sessions_in(*, organisation: Organisation) -> QuerySet[Session]:
    """Return every session of the organisation."""
    return Session.objects.filter(organisation=organisation)


def session_get(*, organisation: Organisation, session_id: int, published_only: bool = False) -> Session:
    """Return the session, or raise NotFoundError (another organisation's session is not found)."""
    found = sessions_in(organisation=organisation).filter(pk=session_id)
    if published_only:
        found = found.exclude(status=SessionStatus.DRAFT)
    session = found.select_related("series", "course").first()
    if session is None:
        raise NotFoundError("There is no such session in this organisation.")
    return session


def catalogue(
    *, organisation: Organisation, now: datetime | None = None, kind: str = "", include_past: bool = False
) -> QuerySet[Session]:
    """Return published and cancelled sessions, upcoming first (count seats for a page with :func:`seat_counts`)."""
    moment = now or timezone.now()
    sessions = sessions_in(organisation=organisation).exclude(status=SessionStatus.DRAFT)
    if not include_past:
        # The start bound lets the database walk the (organisation, starts_at) index from just before now
        # and stop after a page, instead of sorting every session that has not ended.
        sessions = sessions.filter(starts_at__gt=moment - MAX_SESSION_LENGTH, ends_at__gt=moment)
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions.order_by("starts_at", "pk")


def seat_counts(*, sessions: list[Session]) -> dict[int, Seats]:
    """Return the seats of each of a page of sessions, in one query."""
    counts: dict[int, dict[str, int]] = {session.pk: {} for session in sessions}
    rows = (
        Registration.objects.filter(session_id__in=list(counts), status__in=SEAT_COUNTED)
        .values("session_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["session_id"]][row["status"]] = row["n"]
    return {session.pk: _seats(session.capacity, counts[session.pk]) for session in sessions}


SEAT_COUNTED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.AWAITING_APPROVAL,
)


def _seats(capacity: int, counts: dict[str, int]) -> Seats:
    return Seats(
        capacity=capacity,
        confirmed=counts.get(RegistrationStatus.CONFIRMED, 0),
        offered=counts.get(RegistrationStatus.OFFERED, 0),
        waitlisted=counts.get(RegistrationStatus.WAITLISTED, 0),
        awaiting_approval=counts.get(RegistrationStatus.AWAITING_APPROVAL, 0),
    )


def seats(*, session: Session) -> Seats:
    """Return how the session's seats stand."""
    return seat_counts(sessions=[session])[session.pk]


def registration_for(*, session: Session, person: Person | None) -> Registration | None:
    """Return the person's registration at the session, or None."""
    if person is None:
        return None
    return Registration.objects.filter(organisation_id=session.organisation_id, session=session, person=person).first()


def registration_get(*, organisation: Organisation, registration_id: int) -> Registration:
    """Return the registration, or raise NotFoundError."""
    registration = (
        Registration.objects.filter(organisation=organisation, pk=registration_id)
        .select_related("session", "person")
        .first()
    )
    if registration is None:
        raise NotFoundError("There is no such registration.")
    return registration


def registrations_of_session(*, session: Session) -> QuerySet[Registration]:
    """Return the session's registrations: seats first, then the waitlist in order, then the rest."""
    return (
        Registration.objects.filter(organisation_id=session.organisation_id, session=session)
        .select_related("person")
        .order_by("status", "waitlist_position", "created_at", "pk")
    )


def waitlist(*, session: Session) -> QuerySet[Registration]:
    """Return the session's waitlist, next in line first."""
    return (
        registrations_of_session(session=session)
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position")
    )


def my_registrations(
    *, organisation: Organisation, person: Person, now: datetime | None = None, include_past: bool = False
) -> QuerySet[Registration]:
    """Return the person's live registrations (not ended), soonest session first."""
    moment = now or timezone.now()
    found = Registration.objects.filter(organisation=organisation, person=person).exclude(
        status__in=(
            RegistrationStatus.CANCELLED,
            RegistrationStatus.DECLINED,
            RegistrationStatus.LAPSED,
            RegistrationStatus.REMOVED,
        )
    )
    if not include_past:
        found = found.filter(session__ends_at__gt=moment)
    return found.select_related("session").order_by("session__starts_at", "pk")


def registration_history(*, registration: Registration) -> QuerySet[RegistrationEvent]:
    """Return every change to the registration, oldest first."""
    return RegistrationEvent.objects.filter(
        organisation_id=registration.organisation_id, registration=registration
    ).select_related("actor")


def awaiting_decision(*, organisation: Organisation, manager: Person | None) -> QuerySet[Registration]:
    """Return registrations waiting for approval: the manager's reports', or all of them (None)."""
    found = Registration.objects.filter(organisation=organisation, status=RegistrationStatus.AWAITING_APPROVAL)
    if manager is not None:
        found = found.filter(person__manager=manager)
    return found.select_related("session", "person").order_by("created_at", "pk")


def overlapping_registrations(*, session: Session, person: Person) -> QuerySet[Registration]:
    """Return the person's other live registrations whose sessions overlap *session*."""
    return (
        Registration.objects.filter(
            organisation_id=session.organisation_id,
            person=person,
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED),
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
    )


def viewer_zone(*, organisation: Organisation, person: Person | None) -> ZoneInfo:
    """Return the time zone a person sees times in: their own, else the organisation's, else UTC."""
    if person is not None:
        own = (
            CalendarProfile.objects.filter(organisation=organisation, person=person)
            .values_list("time_zone", flat=True)
            .first()
        )
        if own:
            return ZoneInfo(own)
    default = SessionSettings.objects.filter(organisation=organisation).values_list("time_zone", flat=True).first()
    return ZoneInfo(default or "UTC")


def feed_owner(*, token: str) -> CalendarProfile | None:
    """Return the calendar profile whose feed token is *token*, or None."""
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return CalendarProfile.objects.filter(token_hash=digest).select_related("person", "organisation").first()


def own_time_zone(*, organisation: Organisation, person: Person | None) -> str:
    """Return the time zone the person chose ("" when they follow the organisation's)."""
    if person is None:
        return ""
    chosen = CalendarProfile.objects.filter(organisation=organisation, person=person).values_list(
        "time_zone", flat=True
    )
    return chosen.first() or ""


def organisation_time_zone(*, organisation: Organisation) -> str:
    """Return the organisation's time zone name (UTC until an admin sets one)."""
    chosen = SessionSettings.objects.filter(organisation=organisation).values_list("time_zone", flat=True)
    return chosen.first() or "UTC"


def has_feed(*, organisation: Organisation, person: Person | None) -> bool:
    """Return whether the person has a calendar feed address in use."""
    if person is None:
        return False
    return CalendarProfile.objects.filter(organisation=organisation, person=person).exclude(token_hash="").exists()


def session_history(*, session: Session) -> QuerySet[RegistrationEvent]:
    """Return every change to the session's registrations, newest first."""
    return (
        RegistrationEvent.objects.filter(organisation_id=session.organisation_id, registration__session=session)
        .select_related("registration__person", "actor")
        .order_by("-created_at", "-pk")
    )


def roll_call(*, session: Session) -> QuerySet[Registration]:
    """Return the confirmed registrations of the session, by name, for the roll call."""
    return (
        Registration.objects.filter(
            organisation_id=session.organisation_id, session=session, status=RegistrationStatus.CONFIRMED
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )


def facilitated_by(
    *, organisation: Organisation, person: Person | None, now: datetime | None = None
) -> QuerySet[Session]:
    """Return the sessions the person facilitates that have not ended more than a day ago."""
    if person is None:
        return Session.objects.none()
    moment = now or timezone.now()
    return (
        sessions_in(organisation=organisation)
        .filter(facilitators=person, status=SessionStatus.PUBLISHED, ends_at__gt=moment - timedelta(days=1))
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class NoShowRow:
    """A person and how often they did not come to a session they had a confirmed place at."""

    person_id: int
    name: str
    email: str
    no_shows: int
    attended: int


def no_shows(*, organisation: Organisation, minimum: int = 1, limit: int = 200) -> list[NoShowRow]:
    """Return the people with at least *minimum* no-shows, most first."""
    rows = (
        Registration.objects.filter(organisation=organisation, status=RegistrationStatus.CONFIRMED)
        .exclude(attendance=Attendance.UNKNOWN)
        .values("person_id", "person__name", "person__email")
        .annotate(
            missed=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
            came=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
        )
        .filter(missed__gte=minimum)
        .order_by("-missed", "person__name")[:limit]
    )
    return [
        NoShowRow(
            person_id=row["person_id"],
            name=row["person__name"],
            email=row["person__email"],
            no_shows=row["missed"],
            attended=row["came"],
        )
        for row in rows
    ]


def people_who_attended(
    *,
    organisation: Organisation,
    count: int,
    kind: str,
    series_title: str,
    person_ids: Collection[int] | None,
    at: datetime,
) -> set[int]:
    """Return who was present at *count* or more sessions (of a kind, of a series) that ended by *at*."""
    found = Registration.objects.filter(
        organisation=organisation,
        status=RegistrationStatus.CONFIRMED,
        attendance=Attendance.PRESENT,
        session__ends_at__lte=at,
    )
    if kind:
        found = found.filter(session__kind=kind)
    if series_title:
        found = found.filter(session__series__title=series_title)
    if person_ids is not None:
        found = found.filter(person_id__in=list(person_ids))
    counted = found.values("person_id").annotate(n=Count("session_id", distinct=True)).filter(n__gte=count)
    return {row["person_id"] for row in counted}


def check_in_open(*, session: Session, now: datetime | None = None) -> bool:
    """Return whether self check-in is open now (30 minutes either side of the session)."""
    moment = now or timezone.now()
    window = timedelta(minutes=30)
    return session.starts_at - window <= moment <= session.ends_at + window


@dataclass(frozen=True)
class FeedbackSummary:
    """How a session was rated."""

    responses: int
    average: float | None


def feedback_of(*, session: Session, person: Person | None) -> dict[str, object]:
    """Return the person's earlier feedback on the session as form values (empty when none)."""
    if person is None:
        return {}
    found = Feedback.objects.filter(organisation_id=session.organisation_id, session=session, person=person).first()
    return {"rating": found.rating, "comments": found.comments} if found else {}


def feedback_for(*, session: Session) -> QuerySet[Feedback]:
    """Return every piece of feedback on the session, newest first."""
    return (
        Feedback.objects.filter(organisation_id=session.organisation_id, session=session)
        .select_related("person")
        .order_by("-created_at", "-pk")
    )


def feedback_summary(*, session: Session) -> FeedbackSummary:
    """Return how many rated the session and the average rating."""
    totals = feedback_for(session=session).aggregate(n=Count("pk"), average=Avg("rating"))
    average = totals["average"]
    return FeedbackSummary(responses=totals["n"], average=round(float(average), 1) if average is not None else None)


def conferences_of(*, organisation: Organisation, person: Person | None) -> QuerySet[ExternalConference]:
    """Return external conferences recorded: one person's, or everyone's (None)."""
    found = ExternalConference.objects.filter(organisation=organisation).select_related("person")
    return found.filter(person=person) if person is not None else found


def conference_cost(*, organisation: Organisation) -> Decimal:
    """Return what the recorded external conferences cost in all."""
    total = ExternalConference.objects.filter(organisation=organisation).aggregate(total=Sum("cost"))["total"]
    return total if total is not None else Decimal(0)
