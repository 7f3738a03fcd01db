"""Objects the permission matrix and the tenancy walk open: the requester is the executive (or the slot's coach)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from socialu.accounts.models import User
from socialu.coaching import services
from socialu.coaching.models import Booking, Engagement, Slot
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import PersonFactory, member


def requester_person(organisation: Organisation, requester: User) -> Person:
    """Return the requester's roster person in *organisation*, making one if needed."""
    found = Person.objects.filter(organisation=organisation, user=requester).first()
    return found or PersonFactory.create(organisation=organisation, user=requester, email=requester.email)


def engagement_id(organisation: Organisation, requester: User) -> int:
    """Return an engagement in which the requester is the executive."""
    executive = requester_person(organisation, requester)
    existing = Engagement.objects.filter(organisation=organisation, executive=executive).first()
    if existing:
        return existing.pk
    coach_user = member(organisation, Role.FACILITATOR)
    coach = PersonFactory.create(organisation=organisation, user=coach_user, email=coach_user.email)
    return services.engagement_create(
        organisation=organisation,
        coach_id=coach.pk,
        executive_id=executive.pk,
        plan=services.EngagementPlan(
            goal_slugs=["post-weekly-linkedin"],
            starts_on=date.today(),
            target_on=date.today() + timedelta(days=60),
            behaviours=["Posts weekly", "Answers comments"],
        ),
    ).pk


def booking_id(organisation: Organisation, requester: User) -> int:
    """Return a booked session of the requester's engagement."""
    engagement = Engagement.objects.get(pk=engagement_id(organisation, requester))
    starts = timezone.now() + timedelta(days=3)
    slot = Slot.objects.create(
        organisation=organisation, coach=engagement.coach, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    return services.booking_create(engagement=engagement, slot_id=slot.pk, actor=engagement.executive).pk


def slot_id(organisation: Organisation, requester: User) -> int:
    """Return an open slot published by the requester."""
    coach = requester_person(organisation, requester)
    starts = timezone.now() + timedelta(days=4)
    return Slot.objects.create(
        organisation=organisation, coach=coach, starts_at=starts, ends_at=starts + timedelta(hours=1)
    ).pk


def held_booking_id(organisation: Organisation, requester: User) -> int:
    """Return a session that has taken place in an engagement the requester coaches."""
    coach = requester_person(organisation, requester)
    executive = PersonFactory.create(organisation=organisation)
    engagement = Engagement.objects.create(
        organisation=organisation,
        coach=coach,
        executive=executive,
        goals=["Post weekly on LinkedIn in my own voice"],
        behaviours=["Posts weekly", "Answers comments"],
        starts_on=date.today() - timedelta(days=7),
        target_on=date.today() + timedelta(days=60),
    )
    starts = timezone.now() - timedelta(days=1)
    slot = Slot.objects.create(
        organisation=organisation, coach=coach, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    return Booking.objects.create(
        organisation=organisation, engagement=engagement, slot=slot, uid=f"matrix-{slot.pk}@socialu"
    ).pk


def doctor_plant(organisation: Organisation, executive: Person) -> int:
    """Give *executive* a session booked next week and mark it held, as a hand-made SQL fix would (for the doctor)."""
    coach_user = member(organisation, Role.FACILITATOR)
    coach = PersonFactory.create(organisation=organisation, user=coach_user, email=coach_user.email)
    engagement = services.engagement_create(
        organisation=organisation,
        coach_id=coach.pk,
        executive_id=executive.pk,
        plan=services.EngagementPlan(
            goal_slugs=["post-weekly-linkedin", "handle-critical-comment"],
            starts_on=date.today(),
            target_on=date.today() + timedelta(days=60),
        ),
    )
    starts = timezone.now() + timedelta(days=7)
    slot = Slot.objects.create(
        organisation=organisation, coach=coach, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    booking = services.booking_create(engagement=engagement, slot_id=slot.pk, actor=executive)
    return Booking.objects.filter(pk=booking.pk).update(status="held")
