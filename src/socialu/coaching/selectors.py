"""Reads of 1:1 executive coaching, scoped to one organisation.

The session log (agenda, what was practised, notes, actions) is read only
through :func:`session_log` and :func:`engagement_record`, which the pages call
for the coach and the executive alone. Everyone else gets
:func:`session_dates`: that sessions happened, and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from socialu.coaching.models import (
    LIVE_BOOKING_STATUSES,
    AgreedAction,
    Booking,
    BookingStatus,
    Engagement,
    PulseResponse,
    PulseRound,
    PulseStage,
    Slot,
    Supporter,
)
from socialu.coaching.services import token_hash
from socialu.core.models import Organisation
from socialu.people.models import Person


class Relation(StrEnum):
    """How the viewer stands to an engagement; decides what they see."""

    COACH = "coach"
    EXECUTIVE = "executive"
    ASSISTANT = "assistant"
    OVERSEER = "overseer"  # a programme admin: sees that sessions happened, never what was said


PRIVATE_READERS = frozenset({Relation.COACH, Relation.EXECUTIVE})
BOOKERS = frozenset({Relation.EXECUTIVE, Relation.ASSISTANT})


def _engagements(organisation: Organisation) -> QuerySet[Engagement]:
    return Engagement.objects.filter(organisation=organisation).select_related("coach", "executive", "assistant")


def engagement_get(*, organisation: Organisation, engagement_id: int) -> Engagement | None:
    """Return the organisation's engagement *engagement_id*, or None."""
    return _engagements(organisation).filter(pk=engagement_id).first()


def relation_of(*, engagement: Engagement, person: Person | None, oversees: bool) -> Relation | None:
    """Return how *person* (or an admin who *oversees* coaching) stands to *engagement*; None: not at all."""
    if person is not None:
        if person.pk == engagement.coach_id:
            return Relation.COACH
        if person.pk == engagement.executive_id:
            return Relation.EXECUTIVE
        if person.pk == engagement.assistant_id:
            return Relation.ASSISTANT
    return Relation.OVERSEER if oversees else None


def engagements_of(*, organisation: Organisation, person: Person) -> QuerySet[Engagement]:
    """Return the engagements *person* coaches, is coached in, or assists with."""
    return _engagements(organisation).filter(Q(coach=person) | Q(executive=person) | Q(assistant=person))


@dataclass(frozen=True)
class EngagementSummary:
    """An engagement as an admin sees it: who, when, and how many sessions happened — never what was said."""

    engagement: Engagement
    sessions_held: int
    sessions_booked: int
    last_held_at: datetime | None


def engagements_overview(*, organisation: Organisation, limit: int = 500, offset: int = 0) -> list[EngagementSummary]:
    """Return the organisation's engagements with their session counts, newest first."""
    rows = _engagements(organisation).annotate(
        held=Count("bookings", filter=Q(bookings__status=BookingStatus.HELD)),
        booked=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
    )[offset : offset + limit]
    summaries = []
    last_held = dict(
        Booking.objects.filter(organisation=organisation, status=BookingStatus.HELD)
        .values_list("engagement_id")
        .annotate(last=Max("held_at"))
        .values_list("engagement_id", "last")
    )
    for row in rows:
        summaries.append(
            EngagementSummary(
                engagement=row,
                sessions_held=row.held,
                sessions_booked=row.booked,
                last_held_at=last_held.get(row.pk),
            )
        )
    return summaries


@dataclass(frozen=True)
class SessionDate:
    """That a session happened (or is booked), and when: what anyone with a right to the engagement sees."""

    booking_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    status_label: str


def session_dates(*, engagement: Engagement, include_cancelled: bool = False) -> list[SessionDate]:
    """Return the engagement's sessions by time, without anything said in them."""
    bookings = Booking.objects.filter(organisation_id=engagement.organisation_id, engagement=engagement)
    if not include_cancelled:
        bookings = bookings.filter(status__in=LIVE_BOOKING_STATUSES)
    rows = bookings.order_by("slot__starts_at").values_list("pk", "slot__starts_at", "slot__ends_at", "status")
    labels = dict(BookingStatus.choices)
    return [SessionDate(pk, starts, ends, status, str(labels[status])) for pk, starts, ends, status in rows]


def session_log(*, engagement: Engagement) -> list[Booking]:
    """Return the engagement's live sessions with their log and actions (for the coach and the executive only)."""
    return list(
        Booking.objects.filter(
            organisation_id=engagement.organisation_id, engagement=engagement, status__in=LIVE_BOOKING_STATUSES
        )
        .select_related("slot")
        .prefetch_related("actions")
        .order_by("slot__starts_at")
    )


def booking_get(*, organisation: Organisation, booking_id: int) -> Booking | None:
    """Return the organisation's booking *booking_id* with its engagement and slot, or None."""
    return (
        Booking.objects.filter(organisation=organisation, pk=booking_id)
        .select_related("slot", "engagement__coach", "engagement__executive", "engagement__assistant")
        .first()
    )


def action_get(*, organisation: Organisation, action_id: int) -> AgreedAction | None:
    """Return the organisation's agreed action *action_id*, or None."""
    return (
        AgreedAction.objects.filter(organisation=organisation, pk=action_id)
        .select_related("booking__engagement")
        .first()
    )


def open_slots(*, engagement: Engagement, limit: int = 200) -> list[Slot]:
    """Return the coach's future slots nobody has booked, soonest first."""
    taken = Booking.objects.filter(organisation_id=engagement.organisation_id, status__in=LIVE_BOOKING_STATUSES)
    return list(
        Slot.objects.filter(
            organisation_id=engagement.organisation_id, coach_id=engagement.coach_id, starts_at__gt=timezone.now()
        )
        .exclude(pk__in=taken.values("slot_id"))
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    booked_for: str


def coach_slots(*, organisation: Organisation, coach: Person, limit: int = 500) -> list[SlotRow]:
    """Return the coach's future slots, with whom each is booked for."""
    slots = list(
        Slot.objects.filter(organisation=organisation, coach=coach, ends_at__gt=timezone.now()).order_by("starts_at")[
            :limit
        ]
    )
    booked = dict(
        Booking.objects.filter(organisation=organisation, slot__in=slots, status__in=LIVE_BOOKING_STATUSES).values_list(
            "slot_id", "engagement__executive__name"
        )
    )
    return [SlotRow(slot, booked.get(slot.pk, "")) for slot in slots]


def slot_get(*, organisation: Organisation, slot_id: int) -> Slot | None:
    """Return the organisation's slot *slot_id*, or None."""
    return Slot.objects.filter(organisation=organisation, pk=slot_id).first()


def supporters_of(*, engagement: Engagement) -> list[Supporter]:
    """Return the people the executive chose to rate their progress."""
    return list(Supporter.objects.filter(organisation_id=engagement.organisation_id, engagement=engagement))


@dataclass(frozen=True)
class PulsePoint:
    """One round's mean ratings of one behaviour: the executive's own and their supporters'."""

    stage: str
    stage_label: str
    self_rating: float | None
    supporter_rating: float | None
    supporters_answered: int
    supporters_asked: int


@dataclass(frozen=True)
class BehaviourSeries:
    behaviour: str
    points: list[PulsePoint]


def pulse_series(*, engagement: Engagement) -> list[BehaviourSeries]:
    """Return, per agreed behaviour, self versus supporter ratings at each round sent so far."""
    rounds = list(PulseRound.objects.filter(organisation_id=engagement.organisation_id, engagement=engagement))
    order = list(PulseStage.values)
    rounds.sort(key=lambda pulse: order.index(pulse.stage))
    responses = list(
        PulseResponse.objects.filter(organisation_id=engagement.organisation_id, round__in=rounds).values_list(
            "round_id", "supporter_id", "ratings", "answered_at"
        )
    )
    series = []
    for index, behaviour in enumerate(engagement.behaviours):
        points = []
        for pulse in rounds:
            mine = [
                (supporter, ratings, answered) for rid, supporter, ratings, answered in responses if rid == pulse.pk
            ]
            own = [ratings[index] for supporter, ratings, answered in mine if supporter is None and answered]
            others = [ratings[index] for supporter, ratings, answered in mine if supporter is not None and answered]
            points.append(
                PulsePoint(
                    stage=pulse.stage,
                    stage_label=pulse.get_stage_display(),
                    self_rating=float(own[0]) if own else None,
                    supporter_rating=round(sum(others) / len(others), 2) if others else None,
                    supporters_answered=len(others),
                    supporters_asked=sum(1 for supporter, _, _ in mine if supporter is not None),
                )
            )
        series.append(BehaviourSeries(behaviour=behaviour, points=points))
    return series


def pulse_stages_sent(*, engagement: Engagement) -> set[str]:
    """Return the stages whose round has been sent."""
    return set(
        PulseRound.objects.filter(organisation_id=engagement.organisation_id, engagement=engagement).values_list(
            "stage", flat=True
        )
    )


@dataclass(frozen=True)
class PulseQuestion:
    """What a rater's link opens: whom they rate and on what; ``answered`` once the link is used."""

    response: PulseResponse
    executive_name: str
    is_self: bool
    behaviours: list[str]
    stage_label: str
    answered: bool


def pulse_question(*, token: str) -> PulseQuestion | None:
    """Return what the pulse link *token* asks, or None for an unknown link."""
    response = (
        PulseResponse.objects.filter(token_hash=token_hash(token))
        .select_related("round__engagement__executive")
        .first()
    )
    if response is None:
        return None
    engagement = response.round.engagement
    return PulseQuestion(
        response=response,
        executive_name=engagement.executive.name,
        is_self=response.supporter_id is None,
        behaviours=list(engagement.behaviours),
        stage_label=response.round.get_stage_display(),
        answered=response.answered_at is not None,
    )


def coach_choices(*, organisation: Organisation) -> list[tuple[int, str]]:
    """Return (person id, name) of the active people whose account holds a coaching role."""
    from socialu.coaching.services import COACH_ROLES
    from socialu.core.models import RoleAssignment
    from socialu.people.selectors import people_in

    users = RoleAssignment.objects.filter(organisation=organisation, role__in=[str(role) for role in COACH_ROLES])
    people = people_in(organisation=organisation, active=True).filter(user_id__in=users.values("user_id"))
    return [(person.pk, f"{person.name} ({person.email})") for person in people.order_by("name")[:1000]]


def person_by_email(*, organisation: Organisation, email: str) -> Person | None:
    """Return the organisation's active person with *email*, or None."""
    from socialu.people.selectors import people_in

    return people_in(organisation=organisation, active=True).filter(email__iexact=email.strip()).first()
