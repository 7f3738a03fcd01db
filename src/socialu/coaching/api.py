"""REST API of 1:1 executive coaching: engagements, open slots, bookings, the session log, the coach's slots.

An engagement answers 404 to anyone with no part in it. The session log
(agenda, practised, notes, actions) is returned only to the coach and the
executive; an admin sees that sessions happened. Authentication is applied by
the API that mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.coaching import selectors, services
from socialu.coaching.models import Booking, Engagement
from socialu.coaching.selectors import PRIVATE_READERS, Relation
from socialu.core.api import ApiContext, ErrorOut, PageQuery, api_context, linked_person
from socialu.core.permissions import Capability

router = Router(tags=["Coaching"])


class CoachingEngagementOut(Schema):
    id: int
    coach: str
    executive: str
    assistant: str | None
    goals: list[str]
    behaviours: list[str]
    sessions_planned: int
    starts_on: date
    target_on: date
    status: str
    your_part: str = Field(description="coach, executive, assistant, or overseer (an admin: no session log).")


class CoachingSessionDateOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str


class CoachingActionOut(Schema):
    text: str
    due_on: date
    target: str
    target_ref: str
    done: bool


class CoachingSessionOut(CoachingSessionDateOut):
    log: CoachingLogOut | None = Field(description="Only for the coach and the executive.")


class CoachingLogOut(Schema):
    agenda: str
    practised: str
    notes: str
    actions: list[CoachingActionOut]


CoachingSessionOut.model_rebuild()


class CoachingEngagementDetailOut(CoachingEngagementOut):
    sessions: list[CoachingSessionOut]


class CoachingOverviewOut(Schema):
    id: int
    coach: str
    executive: str
    status: str
    sessions_planned: int
    sessions_held: int
    sessions_booked: int
    last_held_at: datetime | None


class CoachingEngagementIn(Schema):
    coach_id: int
    executive_id: int
    assistant_id: int | None = None
    goal_slugs: list[str] = Field(default_factory=list, description="Goals from the shipped template, by slug.")
    own_goals: list[str] = Field(default_factory=list, max_length=5)
    behaviours: list[str] = Field(default_factory=list, max_length=3, description="2–3; empty: the goals' own.")
    sessions_planned: int = Field(6, ge=1, le=50)
    starts_on: date
    target_on: date


class CoachingSlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    booked_for: str = ""


class CoachingSlotChoiceIn(Schema):
    slot_id: int


class CoachingSlotIn(Schema):
    starts_at: datetime
    ends_at: datetime


class CoachingActionIn(Schema):
    text: str = Field(min_length=1, max_length=500)
    due_on: date
    target: str = Field("", description="lesson, scenario, preflight or empty.")
    target_ref: str = Field("", max_length=200, description="course-slug/lesson-slug, or the scenario's slug.")


class CoachingLogIn(Schema):
    agenda: str = Field("", max_length=5000)
    practised: str = Field("", max_length=5000)
    notes: str = Field("", max_length=20000)
    actions: list[CoachingActionIn] = Field(default_factory=list, max_length=20)


def _engagement(context: ApiContext, engagement_id: int) -> tuple[Engagement, Relation]:
    engagement = selectors.engagement_get(organisation=context.organisation, engagement_id=engagement_id)
    relation = (
        selectors.relation_of(
            engagement=engagement, person=context.person, oversees=context.can(Capability.MANAGE_COACHING)
        )
        if engagement
        else None
    )
    if engagement is None or relation is None:
        raise Http404("No such coaching engagement.")
    return engagement, relation


def _booking(context: ApiContext, booking_id: int) -> tuple[Booking, Relation]:
    booking = selectors.booking_get(organisation=context.organisation, booking_id=booking_id)
    relation = (
        selectors.relation_of(
            engagement=booking.engagement, person=context.person, oversees=context.can(Capability.MANAGE_COACHING)
        )
        if booking
        else None
    )
    if booking is None or relation is None:
        raise Http404("No such coaching session.")
    return booking, relation


def _engagement_out(engagement: Engagement, relation: str) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "coach": engagement.coach.name,
        "executive": engagement.executive.name,
        "assistant": engagement.assistant.name if engagement.assistant else None,
        "goals": engagement.goals,
        "behaviours": engagement.behaviours,
        "sessions_planned": engagement.sessions_planned,
        "starts_on": engagement.starts_on,
        "target_on": engagement.target_on,
        "status": engagement.status,
        "your_part": str(relation),
    }


def _log(booking: Booking) -> dict[str, Any]:
    return {
        "agenda": booking.agenda,
        "practised": booking.practised,
        "notes": booking.notes,
        "actions": [
            {"text": a.text, "due_on": a.due_on, "target": a.target, "target_ref": a.target_ref, "done": a.done}
            for a in booking.actions.all()
        ],
    }


def _session_out(booking: Booking, relation: Relation) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "starts_at": booking.slot.starts_at,
        "ends_at": booking.slot.ends_at,
        "status": booking.status,
        "log": _log(booking) if relation in PRIVATE_READERS else None,
    }


@router.get(
    "/orgs/{org_slug}/coaching/engagements",
    response=list[CoachingEngagementOut],
    summary="List your coaching engagements",
)
def list_my_coaching_engagements(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the engagements you coach, are coached in, or assist with."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    person = context.person
    if person is None:
        return []
    rows = selectors.engagements_of(organisation=context.organisation, person=person)
    return [
        _engagement_out(row, str(selectors.relation_of(engagement=row, person=person, oversees=False)))
        for row in rows[:1000]
    ]


@router.get(
    "/orgs/{org_slug}/coaching/overview",
    response=list[CoachingOverviewOut],
    summary="Every coaching engagement and how many sessions happened (admins)",
)
def coaching_overview(request: HttpRequest, org_slug: str, query: Query[PageQuery]) -> list[dict[str, Any]]:
    """Return every engagement with its session counts (at most 500 a page); never what was said."""
    context = api_context(request, org_slug, Capability.MANAGE_COACHING)
    summaries = selectors.engagements_overview(
        organisation=context.organisation, limit=min(query.limit, 500), offset=query.offset
    )
    return [
        {
            "id": row.engagement.pk,
            "coach": row.engagement.coach.name,
            "executive": row.engagement.executive.name,
            "status": row.engagement.status,
            "sessions_planned": row.engagement.sessions_planned,
            "sessions_held": row.sessions_held,
            "sessions_booked": row.sessions_booked,
            "last_held_at": row.last_held_at,
        }
        for row in summaries
    ]


@router.post(
    "/orgs/{org_slug}/coaching/engagements",
    response={201: CoachingEngagementOut},
    summary="Start a coaching engagement (admins)",
)
def create_coaching_engagement(
    request: HttpRequest, org_slug: str, payload: CoachingEngagementIn
) -> Status[dict[str, Any]]:
    """Start an engagement between a coach (a facilitator) and an executive."""
    context = api_context(request, org_slug, Capability.MANAGE_COACHING)
    data = payload.model_dump()
    engagement = services.engagement_create(
        organisation=context.organisation,
        coach_id=data.pop("coach_id"),
        executive_id=data.pop("executive_id"),
        assistant_id=data.pop("assistant_id"),
        plan=services.EngagementPlan(**data),
    )
    return Status(201, _engagement_out(engagement, Relation.OVERSEER))


@router.get(
    "/orgs/{org_slug}/coaching/engagements/{engagement_id}",
    response=CoachingEngagementDetailOut,
    summary="Get a coaching engagement with its sessions",
)
def get_coaching_engagement(request: HttpRequest, org_slug: str, engagement_id: int) -> dict[str, Any]:
    """Return the engagement; each session's log only for the coach and the executive."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    engagement, relation = _engagement(context, engagement_id)
    sessions = [
        {"id": row.booking_id, "starts_at": row.starts_at, "ends_at": row.ends_at, "status": row.status, "log": None}
        for row in selectors.session_dates(engagement=engagement)
    ]
    if relation in PRIVATE_READERS:
        sessions = [_session_out(booking, relation) for booking in selectors.session_log(engagement=engagement)]
    return {**_engagement_out(engagement, relation), "sessions": sessions}


@router.get(
    "/orgs/{org_slug}/coaching/engagements/{engagement_id}/open-slots",
    response=list[CoachingSlotOut],
    summary="List the coach's open slots for an engagement",
)
def list_open_coaching_slots(request: HttpRequest, org_slug: str, engagement_id: int) -> list[dict[str, Any]]:
    """Return the coach's future slots that nobody has booked, soonest first."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    engagement, _ = _engagement(context, engagement_id)
    return [
        {"id": slot.pk, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
        for slot in selectors.open_slots(engagement=engagement)
    ]


@router.post(
    "/orgs/{org_slug}/coaching/engagements/{engagement_id}/bookings",
    response={201: CoachingSessionOut, 409: ErrorOut},
    summary="Book a coaching session (the executive or their assistant)",
)
def book_coaching_session(
    request: HttpRequest, org_slug: str, engagement_id: int, payload: CoachingSlotChoiceIn
) -> Status[dict[str, Any]]:
    """Book one of the coach's open slots; 409 when someone booked it first. A calendar invitation is emailed."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    engagement, relation = _engagement(context, engagement_id)
    actor = linked_person(context, why="SocialU cannot tell whom you book for")
    booking = services.booking_create(engagement=engagement, slot_id=payload.slot_id, actor=actor)
    return Status(201, _session_out(booking, relation))


@router.get(
    "/orgs/{org_slug}/coaching/bookings/{booking_id}",
    response=CoachingSessionOut,
    summary="Get a coaching session",
)
def get_coaching_session(request: HttpRequest, org_slug: str, booking_id: int) -> dict[str, Any]:
    """Return the session; its log only for the coach and the executive."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    booking, relation = _booking(context, booking_id)
    return _session_out(booking, relation)


@router.post(
    "/orgs/{org_slug}/coaching/bookings/{booking_id}/reschedule",
    response={200: CoachingSessionOut, 409: ErrorOut},
    summary="Move a coaching session to another slot",
)
def reschedule_coaching_session(
    request: HttpRequest, org_slug: str, booking_id: int, payload: CoachingSlotChoiceIn
) -> dict[str, Any]:
    """Move the session; the invitation keeps its UID and goes out again with a raised SEQUENCE."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    booking, relation = _booking(context, booking_id)
    actor = linked_person(context, why="SocialU cannot tell who moves the session")
    return _session_out(services.booking_reschedule(booking=booking, slot_id=payload.slot_id, actor=actor), relation)


@router.post(
    "/orgs/{org_slug}/coaching/bookings/{booking_id}/cancel",
    response={200: CoachingSessionOut, 409: ErrorOut},
    summary="Cancel a coaching session",
)
def cancel_coaching_session(request: HttpRequest, org_slug: str, booking_id: int) -> dict[str, Any]:
    """Cancel the session; its slot is free again and a METHOD:CANCEL invitation is emailed."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    booking, relation = _booking(context, booking_id)
    actor = linked_person(context, why="SocialU cannot tell who cancels the session")
    return _session_out(services.booking_cancel(booking=booking, actor=actor), relation)


@router.put(
    "/orgs/{org_slug}/coaching/sessions/{held_booking_id}/log",
    response={200: CoachingSessionOut, 409: ErrorOut},
    summary="Record a coaching session's log (the coach)",
)
def record_coaching_session(
    request: HttpRequest, org_slug: str, held_booking_id: int, payload: CoachingLogIn
) -> dict[str, Any]:
    """Record the agenda, what was practised, notes and agreed actions of a session that has taken place."""
    context = api_context(request, org_slug, Capability.TAKE_COACHING)
    booking, relation = _booking(context, held_booking_id)
    actor = linked_person(context, why="SocialU cannot tell who the coach is")
    data = payload.model_dump()
    actions = [services.ActionIn(**action) for action in data.pop("actions")]
    recorded = services.session_log_record(booking=booking, actor=actor, actions=actions, **data)
    return _session_out(recorded, relation)


@router.get(
    "/orgs/{org_slug}/coaching/slots",
    response=list[CoachingSlotOut],
    summary="List your published coaching slots (coaches)",
)
def list_my_coaching_slots(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return your future slots and whom each is booked for."""
    context = api_context(request, org_slug, Capability.COACH)
    person = context.person
    if person is None:
        return []
    return [
        {"id": row.slot.pk, "starts_at": row.slot.starts_at, "ends_at": row.slot.ends_at, "booked_for": row.booked_for}
        for row in selectors.coach_slots(organisation=context.organisation, coach=person)
    ]


@router.post(
    "/orgs/{org_slug}/coaching/slots",
    response={201: CoachingSlotOut, 409: ErrorOut},
    summary="Publish a coaching slot (coaches)",
)
def publish_coaching_slot(request: HttpRequest, org_slug: str, payload: CoachingSlotIn) -> Status[dict[str, Any]]:
    """Publish a time you are available to coach; 409 when it overlaps one of your slots."""
    context = api_context(request, org_slug, Capability.COACH)
    coach = linked_person(context, why="SocialU cannot publish availability for you")
    slot = services.slot_publish(
        organisation=context.organisation, coach=coach, starts_at=payload.starts_at, ends_at=payload.ends_at
    )
    return Status(201, {"id": slot.pk, "starts_at": slot.starts_at, "ends_at": slot.ends_at})
