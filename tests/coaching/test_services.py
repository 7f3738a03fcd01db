"""Engagements, availability, booking, the session log: who may do what, and what is refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from socialu.coaching import services
from socialu.coaching.models import AgreedAction, Booking, BookingStatus, Engagement, EngagementStatus
from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.coaching.helpers import Cast, cast, future, held_booking, linked_person, slot


@pytest.fixture
def c(organisation: Organisation) -> Cast:
    return cast(organisation)


def test_an_engagement_takes_its_goals_and_suggested_behaviours_from_the_shipped_template(c: Cast) -> None:
    assert c.engagement.goals == ["Post weekly on LinkedIn in my own voice", "Handle a critical comment"]
    assert len(c.engagement.behaviours) == 3
    assert c.engagement.behaviours[0] == "Posts on LinkedIn at least once a week"


def test_a_coach_must_hold_the_facilitator_role(organisation: Organisation) -> None:
    _, learner = linked_person(organisation, "learner@acme.example")
    _, executive = linked_person(organisation, "boss@acme.example")
    with pytest.raises(InvalidInputError) as refused:
        services.engagement_create(
            organisation=organisation,
            coach_id=learner.pk,
            executive_id=executive.pk,
            plan=services.EngagementPlan(
                goal_slugs=["post-weekly-linkedin", "handle-critical-comment"],
                starts_on=date.today(),
                target_on=date.today() + timedelta(days=30),
            ),
        )
    assert refused.value.details[0].field == "coach_id"


def test_an_engagement_needs_two_or_three_behaviours_and_a_known_goal(organisation: Organisation) -> None:
    _, coach = linked_person(organisation, "c@acme.example", Role.FACILITATOR)
    _, executive = linked_person(organisation, "e@acme.example")
    starts, target = date.today(), date.today() + timedelta(days=30)

    def create(plan: services.EngagementPlan) -> Engagement:
        return services.engagement_create(
            organisation=organisation, coach_id=coach.pk, executive_id=executive.pk, plan=plan
        )

    with pytest.raises(InvalidInputError) as too_few:  # the listening goal suggests one behaviour only
        create(services.EngagementPlan(goal_slugs=["understand-listening-reports"], starts_on=starts, target_on=target))
    assert too_few.value.details[0].field == "behaviours"
    with pytest.raises(InvalidInputError):
        create(services.EngagementPlan(goal_slugs=["no-such-goal"], starts_on=starts, target_on=target))
    made = create(
        services.EngagementPlan(
            own_goals=["Speak at the town hall"],
            behaviours=["Speaks first", "Asks questions"],
            starts_on=starts,
            target_on=target,
        )
    )
    assert made.goals == ["Speak at the town hall"]


def test_a_coach_cannot_publish_overlapping_slots(c: Cast) -> None:
    slot(c, hour=9, minutes=60)
    with pytest.raises(ConflictError):
        slot(c, hour=9, minutes=30)


def test_the_executive_and_the_assistant_book_move_and_cancel_with_an_invitation_each_time(c: Cast) -> None:
    first, second = slot(c, hour=9), slot(c, hour=11)
    booking = services.booking_create(engagement=c.engagement, slot_id=first.pk, actor=c.assistant)
    moved = services.booking_reschedule(booking=booking, slot_id=second.pk, actor=c.executive)
    assert moved.slot_id == second.pk and moved.sequence == 1
    cancelled = services.booking_cancel(booking=moved, actor=c.assistant)
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.sequence == 2
    # A cancelled session frees its slot.
    services.booking_create(engagement=c.engagement, slot_id=second.pk, actor=c.executive)


def test_invitations_go_to_executive_coach_and_assistant_after_commit(
    c: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(engagement=c.engagement, slot_id=slot(c).pk, actor=c.executive)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {c.executive.email, c.coach.email, c.assistant.email}
    assert mail.outbox[0].subject.startswith("Coaching session booked")


def test_only_the_executive_or_their_assistant_may_book(c: Cast, organisation: Organisation) -> None:
    _, stranger = linked_person(organisation, "someone@acme.example")
    for actor in (stranger, c.coach):
        with pytest.raises(PermissionDeniedError):
            services.booking_create(engagement=c.engagement, slot_id=slot(c, days=3 + actor.pk % 5).pk, actor=actor)


def test_a_slot_booked_once_cannot_be_booked_again(c: Cast, organisation: Organisation) -> None:
    taken = slot(c)
    services.booking_create(engagement=c.engagement, slot_id=taken.pk, actor=c.executive)
    _, other_exec = linked_person(organisation, "cfo@acme.example")
    other = services.engagement_create(
        organisation=organisation,
        coach_id=c.coach.pk,
        executive_id=other_exec.pk,
        plan=services.EngagementPlan(
            goal_slugs=["post-weekly-linkedin"],
            behaviours=["Posts weekly", "Replies to comments"],
            starts_on=date.today(),
            target_on=date.today() + timedelta(days=30),
        ),
    )
    with pytest.raises(ConflictError, match="just booked"):
        services.booking_create(engagement=other, slot_id=taken.pk, actor=other_exec)


def test_the_database_refuses_a_second_live_booking_of_a_slot_even_past_the_check(c: Cast) -> None:
    taken = slot(c)
    services.booking_create(engagement=c.engagement, slot_id=taken.pk, actor=c.executive)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(organisation=c.organisation, engagement=c.engagement, slot=taken, uid="race@x")


def test_no_more_bookings_than_planned_sessions(organisation: Organisation) -> None:
    c = cast(organisation, sessions=1)
    services.booking_create(engagement=c.engagement, slot_id=slot(c, hour=9).pk, actor=c.executive)
    with pytest.raises(ConflictError, match="planned sessions"):
        services.booking_create(engagement=c.engagement, slot_id=slot(c, hour=11).pk, actor=c.executive)


def test_only_the_coach_records_a_held_session_and_actions_point_to_the_checker(c: Cast) -> None:
    booking = held_booking(c)
    action = services.ActionIn(text="Check the next three drafts", due_on=date.today(), target="preflight")
    with pytest.raises(PermissionDeniedError):
        services.session_log_record(booking=booking, actor=c.executive, agenda="", practised="", notes="")
    services.session_log_record(
        booking=booking, actor=c.coach, agenda="First post", practised="Drafting", notes="Nervous", actions=[action]
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD and booking.notes == "Nervous"
    assert list(AgreedAction.objects.values_list("text", "target")) == [("Check the next three drafts", "preflight")]


def test_an_action_pointing_to_an_unknown_scenario_is_refused(c: Cast) -> None:
    booking = held_booking(c)
    action = services.ActionIn(text="Try it", due_on=date.today(), target="scenario", target_ref="nope")
    with pytest.raises(InvalidInputError) as refused:
        services.session_log_record(booking=booking, actor=c.coach, agenda="", practised="", notes="", actions=[action])
    assert refused.value.details[0].field == "actions[0].target_ref"


def test_a_future_session_cannot_be_recorded_yet(c: Cast) -> None:
    booking = services.booking_create(engagement=c.engagement, slot_id=slot(c).pk, actor=c.executive)
    with pytest.raises(ConflictError, match="not started"):
        services.session_log_record(booking=booking, actor=c.coach, agenda="a", practised="", notes="")


def test_the_coach_completes_the_engagement(c: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        services.engagement_complete(engagement=c.engagement, actor=c.executive)
    done = services.engagement_complete(engagement=c.engagement, actor=c.coach)
    assert done.status == EngagementStatus.COMPLETED and done.completed_at is not None
    with pytest.raises(ConflictError):
        services.booking_create(engagement=c.engagement, slot_id=slot(c).pk, actor=c.executive)


def test_future_helper_is_in_the_future() -> None:
    from django.utils import timezone

    assert future() > timezone.now()
