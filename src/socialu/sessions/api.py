"""REST API operations of the sessions app: sessions, registrations, the waitlist, attendance, feedback.

Every path starts with ``/orgs/{org_slug}/``. Someone who is not a member of that organisation gets
404; a member whose roles do not allow the action gets 403; a refused change answers 409 or 422 in
the one error shape. The same services as the pages and the ``socialu sessions`` command.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, PageQuery, api_context, linked_person
from socialu.core.errors import NotFoundError
from socialu.core.permissions import Capability
from socialu.sessions import selectors, services
from socialu.sessions.models import ExternalConference, Registration, Session

router = Router(tags=["Sessions"])

REFUSED: dict[int, Any] = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    status: str
    time_zone: str
    starts_at: datetime
    ends_at: datetime
    location: str
    capacity: int
    confirmed: int
    offered: int
    waitlisted: int
    audiences: list[str]
    requires_approval: bool
    series: str | None
    facilitators: list[str] = Field(description="Email addresses of the facilitators.")


class SessionIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    kind: str = "workshop"
    description: str = ""
    time_zone: str = Field(description="IANA name, e.g. Europe/London; start and end are read in it if naive.")
    starts_at: datetime
    ends_at: datetime
    capacity: int = Field(ge=1, le=100_000)
    location: str = ""
    online_link: str = ""
    audiences: list[str] = Field(default_factory=list)
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    requires_approval: bool = False
    facilitator_ids: list[int] = Field(default_factory=list)
    series_title: str = ""


class SessionCapacityIn(Schema):
    capacity: int = Field(ge=1, le=100_000)


class SessionQuery(PageQuery):
    kind: str = Field("", description="workshop, webinar, class or conference; empty for all.")
    include_past: bool = False


class SessionRegistrationOut(Schema):
    id: int
    session_id: int
    person_id: int
    person_name: str
    status: str
    waitlist_position: int | None
    offer_expires_at: datetime | None
    attendance: str


class WaitlistMoveIn(Schema):
    position: int = Field(ge=1)
    reason: str = ""


class RegistrationRemoveIn(Schema):
    reason: str = ""


class RegistrationDecisionIn(Schema):
    approve: bool
    reason: str = ""


class AttendanceIn(Schema):
    marks: dict[int, str] = Field(description='Registration id → "present", "absent" or "" (not recorded).')


class AttendanceOut(Schema):
    changed: int


class SelfCheckInIn(Schema):
    code: str = Field(max_length=20)


class SessionFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comments: str = Field("", max_length=5000)


class SessionFeedbackOut(Schema):
    rating: int
    comments: str
    person_name: str
    created_at: datetime


class ExternalConferenceIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    held_on: date
    cost: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    link: str = ""
    takeaways: str = ""


class ExternalConferenceOut(Schema):
    id: int
    person_name: str
    name: str
    held_on: date
    cost: Decimal
    link: str
    takeaways: str


def _session_dict(session: Session, seats: selectors.Seats | None = None) -> dict[str, Any]:
    seats = seats or selectors.seats(session=session)
    return {
        "id": session.pk,
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "status": session.status,
        "time_zone": session.time_zone,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "location": session.location,
        "capacity": session.capacity,
        "confirmed": seats.confirmed,
        "offered": seats.offered,
        "waitlisted": seats.waitlisted,
        "audiences": list(session.audiences),
        "requires_approval": session.requires_approval,
        "series": session.series.title if session.series else None,
        "facilitators": [person.email for person in session.facilitators.all()],
    }


def _registration_dict(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "session_id": registration.session_id,
        "person_id": registration.person_id,
        "person_name": registration.person.name,
        "status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "offer_expires_at": registration.offer_expires_at,
        "attendance": registration.attendance,
    }


def _conference_dict(record: ExternalConference) -> dict[str, Any]:
    return {
        "id": record.pk,
        "person_name": record.person.name,
        "name": record.name,
        "held_on": record.held_on,
        "cost": record.cost,
        "link": record.link,
        "takeaways": record.takeaways,
    }


def _session(context: ApiContext, session_id: int) -> Session:
    return selectors.session_get(
        organisation=context.organisation,
        session_id=session_id,
        published_only=not context.can(Capability.MANAGE_SESSIONS),
    )


def _details(payload: SessionIn) -> services.SessionDetails:
    zone = ZoneInfo(payload.time_zone) if services.time_zone_valid(payload.time_zone) else None

    def aware(moment: datetime | None) -> datetime | None:
        if moment is None or moment.tzinfo is not None or zone is None:
            return moment
        return moment.replace(tzinfo=zone)

    starts, ends = aware(payload.starts_at), aware(payload.ends_at)
    assert starts is not None and ends is not None
    return services.SessionDetails(
        title=payload.title,
        kind=payload.kind,
        description=payload.description,
        time_zone=payload.time_zone,
        starts_at=starts,
        ends_at=ends,
        capacity=payload.capacity,
        location=payload.location,
        online_link=payload.online_link,
        audiences=tuple(payload.audiences),
        registration_opens_at=aware(payload.registration_opens_at),
        registration_closes_at=aware(payload.registration_closes_at),
        requires_approval=payload.requires_approval,
        facilitator_ids=tuple(payload.facilitator_ids),
        series_title=payload.series_title,
    )


# --- sessions -------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/sessions", response=list[SessionOut], summary="List sessions")
def list_sessions(request: HttpRequest, org_slug: str, query: Query[SessionQuery]) -> list[dict[str, Any]]:
    """Return published (and cancelled) sessions, soonest first; upcoming only unless include_past."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    sessions = selectors.catalogue(organisation=context.organisation, kind=query.kind, include_past=query.include_past)
    page = list(
        sessions.select_related("series").prefetch_related("facilitators")[query.offset : query.offset + query.limit]
    )
    counts = selectors.seat_counts(sessions=page)
    return [_session_dict(session, counts[session.pk]) for session in page]


@router.get(
    "/orgs/{org_slug}/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut}, summary="Get a session"
)
def get_session(request: HttpRequest, org_slug: str, session_id: int) -> dict[str, Any]:
    """Return one session with its seat counts."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    return _session_dict(_session(context, session_id))


@router.post("/orgs/{org_slug}/sessions", response={201: SessionOut, **REFUSED}, summary="Create a session")
def create_session(request: HttpRequest, org_slug: str, payload: SessionIn) -> Status[dict[str, Any]]:
    """Create a draft session (naive times are read in the session's time zone)."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    session = services.session_create(organisation=context.organisation, details=_details(payload))
    return Status(201, _session_dict(session))


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/publish", response={200: SessionOut, **REFUSED}, summary="Publish a session"
)
def publish_session(request: HttpRequest, org_slug: str, session_id: int) -> dict[str, Any]:
    """Publish a draft: it appears in the catalogue and people can register."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    return _session_dict(services.session_publish(organisation=context.organisation, session_id=session_id))


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/cancel", response={200: SessionOut, **REFUSED}, summary="Cancel a session"
)
def cancel_session(request: HttpRequest, org_slug: str, session_id: int) -> dict[str, Any]:
    """Cancel a session; everyone registered gets a calendar cancellation."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    return _session_dict(
        services.session_cancel(organisation=context.organisation, session_id=session_id, actor=context.person)
    )


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/capacity",
    response={200: SessionOut, **REFUSED},
    summary="Change a session's capacity",
)
def change_session_capacity(
    request: HttpRequest, org_slug: str, session_id: int, payload: SessionCapacityIn
) -> dict[str, Any]:
    """Set the capacity (never below the seats held); new seats are offered to the waitlist in order."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    return _session_dict(
        services.session_capacity_change(
            organisation=context.organisation, session_id=session_id, capacity=payload.capacity
        )
    )


# --- registrations --------------------------------------------------------------------------


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/registrations",
    response={201: SessionRegistrationOut, **REFUSED},
    summary="Register for a session",
)
def register_for_session(request: HttpRequest, org_slug: str, session_id: int) -> Status[dict[str, Any]]:
    """Register yourself: a seat if one is free, else the waitlist (or a request for approval)."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _session(context, session_id)
    person = linked_person(context, why="you cannot register")
    registration = services.registration_register(
        organisation=context.organisation, session_id=session_id, person=person
    )
    return Status(201, _registration_dict(registration))


@router.get(
    "/orgs/{org_slug}/sessions/{session_id}/registrations",
    response={200: list[SessionRegistrationOut], 404: ErrorOut},
    summary="List a session's registrations and waitlist",
)
def list_session_registrations(request: HttpRequest, org_slug: str, session_id: int) -> list[dict[str, Any]]:
    """Return every registration: seats first, then the waitlist in order, then ended ones."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    session = _session(context, session_id)
    return [_registration_dict(r) for r in selectors.registrations_of_session(session=session)[:5000]]


@router.get(
    "/orgs/{org_slug}/my/session-registrations",
    response={200: list[SessionRegistrationOut], 409: ErrorOut},
    summary="List my session registrations",
)
def list_my_session_registrations(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return your live registrations for sessions that have not ended, soonest first."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    person = linked_person(context)
    registrations = selectors.my_registrations(organisation=context.organisation, person=person).select_related(
        "person"
    )
    return [_registration_dict(r) for r in registrations[:1000]]


def _own(context: ApiContext, registration_id: int) -> tuple[Registration, Any]:
    registration = selectors.registration_get(organisation=context.organisation, registration_id=registration_id)
    person = linked_person(context)
    if registration.person_id != person.pk:
        raise NotFoundError("There is no such registration.")
    return registration, person


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/cancel",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Cancel my registration",
)
def cancel_session_registration(request: HttpRequest, org_slug: str, registration_id: int) -> dict[str, Any]:
    """Cancel your place, waitlist place or offer; a freed seat is offered on."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _, person = _own(context, registration_id)
    return _registration_dict(
        services.registration_cancel(organisation=context.organisation, registration_id=registration_id, person=person)
    )


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/accept",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Accept a seat offer",
)
def accept_seat_offer(request: HttpRequest, org_slug: str, registration_id: int) -> dict[str, Any]:
    """Take up the seat offered to you before the offer expires."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _, person = _own(context, registration_id)
    return _registration_dict(
        services.offer_accept(organisation=context.organisation, registration_id=registration_id, person=person)
    )


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/decline",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Decline a seat offer",
)
def decline_seat_offer(request: HttpRequest, org_slug: str, registration_id: int) -> dict[str, Any]:
    """Turn the offered seat down; it passes to the next person on the waitlist."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _, person = _own(context, registration_id)
    return _registration_dict(
        services.offer_decline(organisation=context.organisation, registration_id=registration_id, person=person)
    )


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/decide",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Approve or decline a registration",
)
def decide_session_registration(
    request: HttpRequest, org_slug: str, registration_id: int, payload: RegistrationDecisionIn
) -> dict[str, Any]:
    """Approve or decline (with a reason) a registration awaiting approval: the person's manager or an admin."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    return _registration_dict(
        services.registration_decide(
            organisation=context.organisation,
            registration_id=registration_id,
            approve=payload.approve,
            reason=payload.reason,
            decider=context.person,
            as_admin=context.can(Capability.MANAGE_SESSIONS),
        )
    )


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/move",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Move someone on the waitlist",
)
def move_on_waitlist(
    request: HttpRequest, org_slug: str, registration_id: int, payload: WaitlistMoveIn
) -> dict[str, Any]:
    """Move a waitlisted registration to a position (1 is next in line); the others shift."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    return _registration_dict(
        services.waitlist_move(
            organisation=context.organisation,
            registration_id=registration_id,
            position=payload.position,
            actor=context.person,
            reason=payload.reason,
        )
    )


@router.post(
    "/orgs/{org_slug}/session-registrations/{registration_id}/remove",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Remove someone from a session",
)
def remove_session_registration(
    request: HttpRequest, org_slug: str, registration_id: int, payload: RegistrationRemoveIn
) -> dict[str, Any]:
    """Remove a registration; a freed seat is offered to the waitlist."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    return _registration_dict(
        services.registration_remove(
            organisation=context.organisation,
            registration_id=registration_id,
            actor=context.person,
            reason=payload.reason,
        )
    )


# --- attendance and feedback ----------------------------------------------------------------


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/attendance",
    response={200: AttendanceOut, **REFUSED},
    summary="Record attendance",
)
def record_session_attendance(
    request: HttpRequest, org_slug: str, session_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    """Mark confirmed registrations present or no-show (the session's facilitators or an admin)."""
    context = api_context(request, org_slug, Capability.TAKE_ATTENDANCE)
    _session(context, session_id)
    changed = services.attendance_record(
        organisation=context.organisation,
        session_id=session_id,
        marks=payload.marks,
        taker=context.person,
        as_admin=context.can(Capability.MANAGE_SESSIONS),
    )
    return {"changed": changed}


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/check-in",
    response={200: SessionRegistrationOut, **REFUSED},
    summary="Check in to a session",
)
def check_in_to_session(request: HttpRequest, org_slug: str, session_id: int, payload: SelfCheckInIn) -> dict[str, Any]:
    """Check yourself in with the code shown in the room (30 minutes either side of the session)."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _session(context, session_id)
    person = linked_person(context, why="you cannot check in")
    return _registration_dict(
        services.attendance_check_in(
            organisation=context.organisation, session_id=session_id, person=person, code=payload.code
        )
    )


@router.post(
    "/orgs/{org_slug}/sessions/{session_id}/feedback",
    response={201: SessionFeedbackOut, **REFUSED},
    summary="Give feedback on a session",
)
def give_session_feedback(
    request: HttpRequest, org_slug: str, session_id: int, payload: SessionFeedbackIn
) -> Status[dict[str, Any]]:
    """Rate a session you attended (1–5) and comment, once it has ended; sending again replaces it."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    _session(context, session_id)
    person = linked_person(context, why="you cannot give feedback")
    feedback = services.feedback_submit(
        organisation=context.organisation,
        session_id=session_id,
        person=person,
        rating=payload.rating,
        comments=payload.comments,
    )
    return Status(
        201,
        {
            "rating": feedback.rating,
            "comments": feedback.comments,
            "person_name": person.name,
            "created_at": feedback.created_at,
        },
    )


@router.get(
    "/orgs/{org_slug}/sessions/{session_id}/feedback",
    response={200: list[SessionFeedbackOut], 404: ErrorOut},
    summary="List a session's feedback",
)
def list_session_feedback(request: HttpRequest, org_slug: str, session_id: int) -> list[dict[str, Any]]:
    """Return every rating and comment on the session, newest first."""
    context = api_context(request, org_slug, Capability.MANAGE_SESSIONS)
    session = _session(context, session_id)
    return [
        {"rating": f.rating, "comments": f.comments, "person_name": f.person.name, "created_at": f.created_at}
        for f in selectors.feedback_for(session=session)[:5000]
    ]


# --- external conferences -------------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/external-conferences",
    response={200: list[ExternalConferenceOut], 409: ErrorOut},
    summary="List external conferences",
)
def list_external_conferences(request: HttpRequest, org_slug: str, query: Query[PageQuery]) -> list[dict[str, Any]]:
    """Return external conferences recorded: everyone's for an admin, your own otherwise."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    everyone = context.can(Capability.MANAGE_SESSIONS)
    person = None if everyone else linked_person(context)
    records = selectors.conferences_of(organisation=context.organisation, person=person)
    return [_conference_dict(r) for r in records[query.offset : query.offset + query.limit]]


@router.post(
    "/orgs/{org_slug}/external-conferences",
    response={201: ExternalConferenceOut, **REFUSED},
    summary="Record an external conference",
)
def record_external_conference(
    request: HttpRequest, org_slug: str, payload: ExternalConferenceIn
) -> Status[dict[str, Any]]:
    """Record an external conference or webinar you attended, its cost and your takeaways."""
    context = api_context(request, org_slug, Capability.VIEW_SESSIONS)
    person = linked_person(context, why="a conference cannot be recorded")
    record = services.conference_record(
        organisation=context.organisation,
        person=person,
        name=payload.name,
        held_on=payload.held_on,
        cost=payload.cost,
        link=payload.link,
        takeaways=payload.takeaways,
    )
    return Status(201, _conference_dict(record))
