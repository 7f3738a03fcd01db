"""Helpers for coaching tests: a coach, an executive and an assistant, an engagement, slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from socialu.accounts.models import User
from socialu.coaching import services
from socialu.coaching.models import Booking, Engagement, Slot
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import PersonFactory, member


def linked_person(organisation: Organisation, email: str, *roles: Role, name: str = "") -> tuple[User, Person]:
    """Return a member holding *roles* and the roster person linked to their account."""
    user = member(organisation, *roles, email=email)
    person = PersonFactory.create(
        organisation=organisation, user=user, email=email, name=name or email.split("@", maxsplit=1)[0].title()
    )
    return user, person


@dataclass
class Cast:
    organisation: Organisation
    coach_user: User
    coach: Person
    executive_user: User
    executive: Person
    assistant_user: User
    assistant: Person
    engagement: Engagement


def cast(organisation: Organisation, *, sessions: int = 6) -> Cast:
    """Return a coach (facilitator), an executive, their assistant and an engagement between them."""
    domain = f"{organisation.slug}.example"
    coach_user, coach = linked_person(organisation, f"coach@{domain}", Role.FACILITATOR, name="Carla Coach")
    executive_user, executive = linked_person(organisation, f"ceo@{domain}", name="Erin Executive")
    assistant_user, assistant = linked_person(organisation, f"pa@{domain}", name="Abe Assistant")
    engagement = services.engagement_create(
        organisation=organisation,
        coach_id=coach.pk,
        executive_id=executive.pk,
        assistant_id=assistant.pk,
        plan=services.EngagementPlan(
            goal_slugs=["post-weekly-linkedin", "handle-critical-comment"],
            sessions_planned=sessions,
            starts_on=date.today(),
            target_on=date.today() + timedelta(days=90),
        ),
    )
    return Cast(organisation, coach_user, coach, executive_user, executive, assistant_user, assistant, engagement)


def future(days: int = 2, hour: int = 9) -> datetime:
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def slot(c: Cast, *, days: int = 2, hour: int = 9, minutes: int = 60) -> Slot:
    starts = future(days, hour)
    return services.slot_publish(
        organisation=c.organisation, coach=c.coach, starts_at=starts, ends_at=starts + timedelta(minutes=minutes)
    )


def held_booking(c: Cast) -> Booking:
    """Book a slot, move it into the past (as if time passed) and return the booking."""
    booked = services.booking_create(engagement=c.engagement, slot_id=slot(c, days=1).pk, actor=c.executive)
    past = timezone.now() - timedelta(hours=2)
    Slot.objects.filter(pk=booked.slot_id).update(starts_at=past, ends_at=past + timedelta(hours=1))
    booked.refresh_from_db()
    return booked
