"""Writes of 1:1 executive coaching: engagements, availability, bookings, the session log, the progress pulse.

Who may do what is decided here, from the roster person acting: the executive
or their assistant books, moves and cancels; the coach publishes availability
and keeps the session log; the executive chooses supporters. Notes are never
returned to anyone else (see ``selectors``).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from socialu.coaching import invitations
from socialu.coaching.goals import goal_by_slug
from socialu.coaching.invitations import PulseLink
from socialu.coaching.models import (
    LIVE_BOOKING_STATUSES,
    ActionTarget,
    AgreedAction,
    Booking,
    BookingStatus,
    Engagement,
    EngagementStatus,
    PulseResponse,
    PulseRound,
    PulseStage,
    Slot,
    Supporter,
)
from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.core.tenancy import roles_of
from socialu.curriculum.selectors import lesson_view
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.practice.selectors import scenario_get

COACH_ROLES = frozenset({Role.FACILITATOR})
MIN_SUPPORTERS = 2
MAX_SUPPORTERS = 5
MIN_BEHAVIOURS = 2
MAX_BEHAVIOURS = 3
LONGEST_SLOT = timedelta(hours=4)
SHORTEST_SLOT = timedelta(minutes=15)


class CoachingError(InvalidInputError):
    """A coaching change that cannot be made; the message says what to do."""


def token_hash(token: str) -> str:
    """Return the stored form of a pulse link's secret token."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_coach(person: Person) -> bool:
    """Return whether *person* may coach: their account holds the facilitator role in their organisation."""
    if person.user_id is None:
        return False
    roles = roles_of(user_id=person.user_id, organisation_id=person.organisation_id)
    return bool(roles & {str(role) for role in COACH_ROLES})


# --- Engagements ------------------------------------------------------------------------------


def _active_person(organisation: Organisation, person_id: int | None, field: str, what: str) -> Person:
    person = people_in(organisation=organisation, active=True).filter(pk=person_id).first() if person_id else None
    if person is None:
        raise CoachingError(errors={field: [f"Choose {what}: an active person in this organisation."]})
    return person


def _clean_texts(values: Sequence[str], *, field: str, most: int, length: int) -> list[str]:
    cleaned = [value.strip() for value in values if value and value.strip()]
    if len(cleaned) > most:
        raise CoachingError(errors={field: [f"Give at most {most}."]})
    if any(len(value) > length for value in cleaned):
        raise CoachingError(errors={field: [f"Keep each one under {length} characters."]})
    return list(dict.fromkeys(cleaned))


@dataclass(frozen=True)
class EngagementPlan:
    """What an engagement aims at: goals from the template or written out, the pulse's behaviours, sessions, dates."""

    starts_on: date
    target_on: date
    goal_slugs: Sequence[str] = ()
    own_goals: Sequence[str] = ()
    behaviours: Sequence[str] = ()
    sessions_planned: int = 6


def _goals_and_behaviours(plan: EngagementPlan) -> tuple[list[str], list[str]]:
    goals: list[str] = []
    suggested: list[str] = []
    for slug in plan.goal_slugs:
        goal = goal_by_slug(slug)
        if goal is None:
            raise CoachingError(errors={"goal_slugs": [f"There is no goal “{slug}” in the template."]})
        goals.append(goal.title)
        suggested.extend(goal.behaviours)
    goals = list(dict.fromkeys([*goals, *_clean_texts(plan.own_goals, field="own_goals", most=5, length=200)]))
    if not goals:
        raise CoachingError(errors={"goal_slugs": ["Choose at least one goal from the template or write your own."]})
    chosen = _clean_texts(plan.behaviours, field="behaviours", most=MAX_BEHAVIOURS, length=200)
    chosen = chosen or list(dict.fromkeys(suggested))[:MAX_BEHAVIOURS]
    if len(chosen) < MIN_BEHAVIOURS:
        raise CoachingError(
            errors={"behaviours": [f"Agree {MIN_BEHAVIOURS} or {MAX_BEHAVIOURS} behaviours for the progress pulse."]}
        )
    return goals, chosen


@transaction.atomic
def engagement_create(
    *,
    organisation: Organisation,
    coach_id: int,
    executive_id: int,
    assistant_id: int | None = None,
    plan: EngagementPlan,
) -> Engagement:
    """Start an engagement between a coach (a facilitator) and an executive, with goals from the template."""
    coach = _active_person(organisation, coach_id, "coach_id", "the coach")
    if not is_coach(coach):
        raise CoachingError(
            errors={"coach_id": [f"{coach.name} does not hold the facilitator role. Give them the role first."]}
        )
    executive = _active_person(organisation, executive_id, "executive_id", "the executive")
    if executive.pk == coach.pk:
        raise CoachingError(errors={"executive_id": ["The executive and the coach must be different people."]})
    assistant = _active_person(organisation, assistant_id, "assistant_id", "the assistant") if assistant_id else None
    if assistant is not None and assistant.pk in {coach.pk, executive.pk}:
        raise CoachingError(
            errors={"assistant_id": ["The assistant must be someone other than the coach and the executive."]}
        )
    goals, behaviours = _goals_and_behaviours(plan)
    if not 1 <= plan.sessions_planned <= 50:
        raise CoachingError(errors={"sessions_planned": ["Plan between 1 and 50 sessions."]})
    if plan.target_on <= plan.starts_on:
        raise CoachingError(errors={"target_on": ["The target date must come after the start date."]})
    return Engagement.objects.create(
        organisation=organisation,
        coach=coach,
        executive=executive,
        assistant=assistant,
        goals=goals,
        behaviours=behaviours,
        sessions_planned=plan.sessions_planned,
        starts_on=plan.starts_on,
        target_on=plan.target_on,
    )


@transaction.atomic
def engagement_complete(*, engagement: Engagement, actor: Person, early: bool = False) -> Engagement:
    """Close an engagement as completed (or ended early); only its coach may."""
    if actor.pk != engagement.coach_id:
        raise PermissionDeniedError("Only the coach of this engagement can close it.")
    if engagement.status != EngagementStatus.ACTIVE:
        raise ConflictError("This engagement is already closed.")
    engagement.status = EngagementStatus.ENDED if early else EngagementStatus.COMPLETED
    engagement.completed_at = timezone.now()
    engagement.save(update_fields=["status", "completed_at"])
    return engagement


# --- Availability -----------------------------------------------------------------------------


@transaction.atomic
def slot_publish(*, organisation: Organisation, coach: Person, starts_at: datetime, ends_at: datetime) -> Slot:
    """Publish a time the coach is available; it may not overlap another of their slots."""
    if coach.organisation_id != organisation.pk or not is_coach(coach):
        raise PermissionDeniedError("Only a coach (a facilitator) can publish availability.")
    if starts_at <= timezone.now():
        raise CoachingError(errors={"starts_at": ["Choose a time in the future."]})
    if not SHORTEST_SLOT <= ends_at - starts_at <= LONGEST_SLOT:
        raise CoachingError(errors={"ends_at": ["A slot lasts between 15 minutes and 4 hours."]})
    overlapping = Slot.objects.filter(
        organisation=organisation, coach=coach, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlapping:
        raise ConflictError("This time overlaps one of your published slots.")
    return Slot.objects.create(organisation=organisation, coach=coach, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def slot_withdraw(*, slot: Slot, actor: Person) -> None:
    """Withdraw an unbooked slot."""
    if actor.pk != slot.coach_id:
        raise PermissionDeniedError("Only the coach who published this slot can withdraw it.")
    if Booking.objects.filter(organisation_id=slot.organisation_id, slot=slot).exists():
        raise ConflictError("This slot has a booking. Ask the executive to move or cancel it first.")
    slot.delete()


# --- Bookings ---------------------------------------------------------------------------------


def _acting_for_executive(engagement: Engagement, actor: Person) -> None:
    if actor.pk not in {engagement.executive_id, engagement.assistant_id}:
        raise PermissionDeniedError("Only the executive, or their assistant, can book, move or cancel sessions.")
    if engagement.status != EngagementStatus.ACTIVE:
        raise ConflictError("This engagement is closed; no more sessions can be booked or changed.")


def _bookable_slot(engagement: Engagement, slot_id: int, *, moving: Booking | None = None) -> Slot:
    slot = Slot.objects.filter(
        organisation_id=engagement.organisation_id, coach_id=engagement.coach_id, pk=slot_id
    ).first()
    if slot is None:
        raise CoachingError(errors={"slot_id": ["Choose one of your coach's published slots."]})
    if slot.starts_at <= timezone.now():
        raise ConflictError("This slot has already started. Choose a later one.")
    taken = Booking.objects.filter(
        organisation_id=engagement.organisation_id, slot=slot, status__in=LIVE_BOOKING_STATUSES
    )
    if taken.exists():
        raise ConflictError("Someone has just booked this slot. Choose another one.")
    clash = Booking.objects.filter(
        organisation_id=engagement.organisation_id,
        engagement__executive_id=engagement.executive_id,
        status=BookingStatus.BOOKED,
        slot__starts_at__lt=slot.ends_at,
        slot__ends_at__gt=slot.starts_at,
    )
    if moving is not None:
        clash = clash.exclude(pk=moving.pk)
    if clash.exists():
        raise ConflictError("The executive already has a coaching session at this time.")
    return slot


def _save_live(booking: Booking, **save: object) -> None:
    """Save *booking*; a concurrent booking of the same slot makes the database refuse it (a ConflictError)."""
    try:
        with transaction.atomic():
            booking.save(**save)  # type: ignore[arg-type]
    except IntegrityError as clash:
        raise ConflictError("Someone has just booked this slot. Choose another one.") from clash


@transaction.atomic
def booking_create(*, engagement: Engagement, slot_id: int, actor: Person, notify: bool = True) -> Booking:
    """Book one of the coach's slots for the engagement; one live booking per slot, whoever books first.

    The invitation is emailed unless *notify* is false (the demo seeds history without email)."""
    _acting_for_executive(engagement, actor)
    live = Booking.objects.filter(organisation_id=engagement.organisation_id, engagement=engagement).filter(
        status__in=LIVE_BOOKING_STATUSES
    )
    if live.count() >= engagement.sessions_planned:
        raise ConflictError(
            f"All {engagement.sessions_planned} planned sessions are booked. Ask your coach to plan more."
        )
    slot = _bookable_slot(engagement, slot_id)
    booking = Booking(
        organisation_id=engagement.organisation_id,
        engagement=engagement,
        slot=slot,
        uid=f"coaching-{uuid.uuid4()}@socialu",
        booked_by_id=actor.user_id,
    )
    _save_live(booking, force_insert=True)
    if notify:
        invitations.booking_announce(booking=booking, change=invitations.Change.BOOKED)
    return booking


def _live_booking(booking: Booking) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ConflictError("Only a booked session that has not been held can be moved or cancelled.")


@transaction.atomic
def booking_reschedule(*, booking: Booking, slot_id: int, actor: Person) -> Booking:
    """Move a booked session to another of the coach's slots; the invitation keeps its UID and is re-sent."""
    _acting_for_executive(booking.engagement, actor)
    _live_booking(booking)
    if booking.slot_id == slot_id:
        raise CoachingError(errors={"slot_id": ["Choose a different slot from the one booked."]})
    booking.slot = _bookable_slot(booking.engagement, slot_id, moving=booking)
    booking.sequence += 1
    _save_live(booking, update_fields=["slot", "sequence"])
    invitations.booking_announce(booking=booking, change=invitations.Change.MOVED)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: Person) -> Booking:
    """Cancel a booked session; its slot becomes free and the invitation is cancelled."""
    _acting_for_executive(booking.engagement, actor)
    _live_booking(booking)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "sequence"])
    invitations.booking_announce(booking=booking, change=invitations.Change.CANCELLED)
    return booking


# --- The session log --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionIn:
    """An agreed action as given: what, by when, and optionally what it points to."""

    text: str
    due_on: date
    target: str = ""
    target_ref: str = ""


def _check_target(organisation: Organisation, action: ActionIn, index: int) -> None:
    field = f"actions[{index}].target_ref"
    if action.target not in ActionTarget.values:
        raise CoachingError(
            errors={f"actions[{index}].target": ["Choose a lesson, a scenario, the checker or nothing."]}
        )
    if action.target == ActionTarget.LESSON:
        course_slug, _, lesson_slug = action.target_ref.partition("/")
        if (
            not lesson_slug
            or lesson_view(organisation=organisation, course_slug=course_slug, lesson_slug=lesson_slug) is None
        ):
            raise CoachingError(errors={field: ["Name a lesson as course-slug/lesson-slug of a published course."]})
    elif action.target == ActionTarget.SCENARIO and not scenario_get(organisation=organisation, slug=action.target_ref):
        raise CoachingError(errors={field: ["Name a practice scenario by its slug."]})


@transaction.atomic
def session_log_record(
    *,
    booking: Booking,
    actor: Person,
    agenda: str,
    practised: str,
    notes: str,
    actions: Sequence[ActionIn] = (),
) -> Booking:
    """Record what a held session covered and the actions agreed; replaces the session's earlier log."""
    engagement = booking.engagement
    if actor.pk != engagement.coach_id:
        raise PermissionDeniedError("Only the coach of this engagement keeps the session log.")
    if booking.status == BookingStatus.CANCELLED:
        raise ConflictError("This session was cancelled; there is nothing to record.")
    if booking.slot.starts_at > timezone.now():
        raise ConflictError("This session has not started yet. Record it once it has taken place.")
    problems: dict[str, list[str]] = {}
    for name, value, most in (("agenda", agenda, 5000), ("practised", practised, 5000), ("notes", notes, 20000)):
        if len(value) > most:
            problems[name] = [f"Keep this under {most} characters."]
    for index, action in enumerate(actions):
        if not action.text.strip() or len(action.text) > 500:
            problems[f"actions[{index}].text"] = ["Say what was agreed, in under 500 characters."]
    if problems:
        raise CoachingError(errors=problems)
    for index, action in enumerate(actions):
        _check_target(engagement.organisation, action, index)
    booking.agenda, booking.practised, booking.notes = agenda.strip(), practised.strip(), notes.strip()
    booking.status = BookingStatus.HELD
    booking.held_at = booking.held_at or timezone.now()
    booking.save(update_fields=["agenda", "practised", "notes", "status", "held_at"])
    AgreedAction.objects.filter(organisation_id=booking.organisation_id, booking=booking).delete()
    AgreedAction.objects.bulk_create(
        AgreedAction(
            organisation_id=booking.organisation_id,
            booking=booking,
            text=action.text.strip(),
            due_on=action.due_on,
            target=action.target,
            target_ref=action.target_ref.strip()
            if action.target in {ActionTarget.LESSON, ActionTarget.SCENARIO}
            else "",
        )
        for action in actions
    )
    return booking


@transaction.atomic
def action_done_set(*, action: AgreedAction, actor: Person, done: bool) -> AgreedAction:
    """Mark an agreed action done (or not); the executive or the coach may."""
    engagement = action.booking.engagement
    if actor.pk not in {engagement.executive_id, engagement.coach_id}:
        raise PermissionDeniedError("Only the executive or their coach can tick off an action.")
    action.done = done
    action.save(update_fields=["done"])
    return action


# --- The progress pulse -----------------------------------------------------------------------


@dataclass(frozen=True)
class SupporterIn:
    name: str
    email: str


@transaction.atomic
def supporters_choose(*, engagement: Engagement, actor: Person, supporters: Sequence[SupporterIn]) -> list[Supporter]:
    """Set the 2–5 people who rate the executive's progress; only the executive chooses them."""
    if actor.pk != engagement.executive_id:
        raise PermissionDeniedError("Only the executive chooses who rates their progress.")
    chosen: dict[str, SupporterIn] = {}
    for index, supporter in enumerate(supporters):
        email = supporter.email.strip().lower()
        if not supporter.name.strip() or "@" not in email or len(email) > 254:
            raise CoachingError(errors={f"supporters[{index}]": ["Give each supporter a name and an email address."]})
        if email == engagement.executive.email.lower():
            raise CoachingError(errors={f"supporters[{index}]": ["Your own rating is asked for separately."]})
        chosen[email] = SupporterIn(name=supporter.name.strip()[:200], email=email)
    if not MIN_SUPPORTERS <= len(chosen) <= MAX_SUPPORTERS:
        raise CoachingError(errors={"supporters": [f"Choose between {MIN_SUPPORTERS} and {MAX_SUPPORTERS} people."]})
    scope = {"organisation_id": engagement.organisation_id, "engagement": engagement}
    if PulseRound.objects.filter(**scope).exists():
        raise ConflictError("The pulse has started; supporters stay the same so that the rounds compare.")
    Supporter.objects.filter(**scope).delete()
    return [Supporter.objects.create(name=item.name, email=item.email, **scope) for item in chosen.values()]


@transaction.atomic
def pulse_round_open(
    *, engagement: Engagement, stage: str, actor: Person, notify: bool = True
) -> tuple[PulseRound, list[PulseLink]]:
    """Open a pulse round: email the executive and each supporter a link that works once (unless not *notify*)."""
    if actor.pk not in {engagement.executive_id, engagement.coach_id}:
        raise PermissionDeniedError("Only the executive or their coach can send the progress pulse.")
    if stage not in PulseStage.values:
        raise CoachingError(errors={"stage": ["Choose start, midpoint or end."]})
    scope = {"organisation_id": engagement.organisation_id, "engagement": engagement}
    supporters = list(Supporter.objects.filter(**scope))
    if len(supporters) < MIN_SUPPORTERS:
        raise ConflictError(f"The executive first chooses {MIN_SUPPORTERS} to {MAX_SUPPORTERS} supporters.")
    if PulseRound.objects.filter(stage=stage, **scope).exists():
        raise ConflictError("This round has already been sent.")
    pulse = PulseRound.objects.create(stage=stage, opened_at=timezone.now(), **scope)
    links: list[PulseLink] = []
    raters: list[tuple[Supporter | None, str, str]] = [(None, engagement.executive.name, engagement.executive.email)]
    raters.extend((supporter, supporter.name, supporter.email) for supporter in supporters)
    for supporter, name, email in raters:
        token = secrets.token_urlsafe(32)
        PulseResponse.objects.create(
            organisation_id=engagement.organisation_id, round=pulse, supporter=supporter, token_hash=token_hash(token)
        )
        links.append(PulseLink(name=name, email=email, token=token, is_self=supporter is None))
    if notify:
        invitations.pulse_send(engagement=engagement, pulse=pulse, links=links)
    return pulse, links


@transaction.atomic
def pulse_answer(*, token: str, ratings: Sequence[int]) -> PulseResponse:
    """Record one rater's ratings through their secret link; a link answers once."""
    response = (
        PulseResponse.objects.select_for_update()
        .select_related("round__engagement")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if response is None:
        raise NotFoundError("This link is not valid. Ask the person who sent it for a new one.")
    if response.answered_at is not None:
        raise ConflictError("This link has already been used. Thank you for answering.")
    behaviours = response.round.engagement.behaviours
    if len(ratings) != len(behaviours) or any(not 1 <= rating <= 5 for rating in ratings):
        raise CoachingError(errors={"ratings": [f"Rate each of the {len(behaviours)} behaviours from 1 to 5."]})
    response.ratings = list(ratings)
    response.answered_at = timezone.now()
    response.save(update_fields=["ratings", "answered_at"])
    return response
