"""Demo coaching: two engagements with the facilitator as coach, held sessions with their log, bookings to come,
open slots, supporters and answered progress pulses.

Sessions in the past are placed directly (a coach can only publish future
slots); their log, the pulse and the bookings to come go through the services.
Idempotent: an executive who already has an engagement is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from socialu.coaching import services
from socialu.coaching.models import Booking, Engagement, Slot
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in

COACH_EMAIL = "facilitator@demo.example"
EXECUTIVE_EMAIL = "executive@demo.example"

# Engagement → (goal slugs, held sessions' logs, pulse ratings per round: self, then each supporter).
PLANS: tuple[tuple[tuple[str, ...], tuple[tuple[str, str, str, str], ...], dict[str, list[list[int]]]], ...] = (
    (
        ("post-weekly-linkedin", "handle-critical-comment"),
        (
            (
                "Why post at all; what you want to be known for",
                "Wrote three first lines for a post about the repair programme",
                "Uneasy about being seen to boast. Agreed: share the team's work, in your own words.",
                "Publish the repair programme post",
            ),
            (
                "Answering a critical comment",
                "Replied to the 'seam leak' comment in the sandbox, twice",
                "Second reply much better: thanked, owned the problem, gave the next step.",
                "Try the troll scenario in the sandbox",
            ),
        ),
        {
            "start": [[2, 1, 2], [1, 2, 1], [2, 2, 2], [1, 1, 2]],
            "midpoint": [[3, 3, 3], [3, 3, 2], [4, 3, 3], [3, 2, 3]],
        },
    ),
    (
        ("understand-listening-reports", "stay-within-policy"),
        (
            (
                "Reading the monthly listening report",
                "Walked through the sentiment trend and the top five topics",
                "Keen on the numbers; wants fewer charts and more quotes.",
                "Bring one customer quote to the leadership meeting",
            ),
        ),
        {"start": [[3, 2], [2, 2], [2, 3]]},
    ),
)

SUPPORTER_NAMES = ("Morgan Comms", "Riley Peer", "Sam Assistant")


def _person(organisation: Organisation, email: str) -> Person | None:
    return people_in(organisation=organisation, active=True).filter(email__iexact=email).first()


def _slot(organisation: Organisation, coach: Person, starts: datetime) -> Slot:
    slot, _ = Slot.objects.get_or_create(
        organisation=organisation, coach=coach, starts_at=starts, defaults={"ends_at": starts + timedelta(hours=1)}
    )
    return slot


def _at(days: int, hour: int) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def seed(organisation: Organisation) -> None:
    """Give the demo two coaching engagements, idempotently."""
    coach = _person(organisation, COACH_EMAIL)
    first = _person(organisation, EXECUTIVE_EMAIL)
    if coach is None or first is None:
        return
    leaders = people_in(organisation=organisation, active=True).filter(audience="leadership", user__isnull=True)
    second = leaders.exclude(pk=first.pk).order_by("employee_id").first()
    assistants = people_in(organisation=organisation, active=True).filter(user__isnull=True).order_by("-employee_id")
    executives = [first, second] if second else [first]
    for index, (executive, (goals, logs, pulse)) in enumerate(zip(executives, PLANS, strict=False)):
        if Engagement.objects.filter(organisation=organisation, executive=executive).exists():
            continue
        assistant = assistants.exclude(pk__in=[coach.pk, executive.pk]).first() if index == 0 else None
        engagement = services.engagement_create(
            organisation=organisation,
            coach_id=coach.pk,
            executive_id=executive.pk,
            assistant_id=assistant.pk if assistant else None,
            plan=services.EngagementPlan(
                goal_slugs=goals,
                sessions_planned=6,
                starts_on=date.today() - timedelta(days=30),
                target_on=date.today() + timedelta(days=60),
            ),
        )
        _seed_sessions(organisation, engagement, coach, logs, index)
        _seed_pulse(engagement, executive, pulse, index)


def _seed_sessions(
    organisation: Organisation,
    engagement: Engagement,
    coach: Person,
    logs: tuple[tuple[str, str, str, str], ...],
    index: int,
) -> None:
    for number, (agenda, practised, notes, action) in enumerate(logs):
        slot = _slot(organisation, coach, _at(-21 + 10 * number, 9 + index * 2))
        booking = Booking.objects.create(
            organisation=organisation, engagement=engagement, slot=slot, uid=f"coaching-demo-{slot.pk}@socialu"
        )
        target = "preflight" if number == 0 else ""
        services.session_log_record(
            booking=booking,
            actor=coach,
            agenda=agenda,
            practised=practised,
            notes=notes,
            actions=[services.ActionIn(text=action, due_on=date.today() - timedelta(days=5 - number), target=target)],
        )
    upcoming = _slot(organisation, coach, _at(7, 9 + index * 2))
    services.booking_create(engagement=engagement, slot_id=upcoming.pk, actor=engagement.executive, notify=False)
    for days in (14, 21):  # open slots the executive can book in the demo
        _slot(organisation, coach, _at(days, 10 + index * 2))


def _seed_pulse(engagement: Engagement, executive: Person, pulse: dict[str, list[list[int]]], index: int) -> None:
    domain = executive.email.split("@", 1)[1]
    supporters = [
        services.SupporterIn(name=name, email=f"{name.split()[0].lower()}.{index}@{domain}")
        for name in SUPPORTER_NAMES[: len(next(iter(pulse.values()))) - 1]
    ]
    services.supporters_choose(engagement=engagement, actor=executive, supporters=supporters)
    for stage, ratings in pulse.items():
        _, links = services.pulse_round_open(engagement=engagement, stage=stage, actor=engagement.coach, notify=False)
        by_email = {link.email: link for link in links}
        ordered = [by_email[executive.email], *(by_email[supporter.email] for supporter in supporters)]
        for link, rating in zip(ordered, ratings, strict=True):
            services.pulse_answer(token=link.token, ratings=rating)
