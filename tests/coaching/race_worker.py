"""A process of the booking race (tests/coaching/test_concurrency.py): seed, or book one slot at a given moment.

``python -m tests.coaching.race_worker seed N`` prints the slot id and N engagement ids as JSON;
``python -m tests.coaching.race_worker book SLOT ENGAGEMENT START`` waits until the Unix time START,
books, and prints ``booked``, ``refused`` or the error.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta


def _setup() -> None:
    import django

    django.setup()


def seed(count: int) -> None:
    from django.utils import timezone

    from socialu.coaching import services
    from socialu.coaching.models import Slot
    from socialu.core.models import Organisation, RoleAssignment
    from socialu.core.roles import Role
    from socialu.people.models import Person
    from tests.factories import UserFactory

    organisation = Organisation.objects.create(slug="race", name="Race")
    coach_user = UserFactory.create(email="coach@race.example")
    RoleAssignment.objects.create(organisation=organisation, user=coach_user, role=Role.FACILITATOR)
    coach = Person.objects.create(
        organisation=organisation, employee_id="C", name="Coach", email=coach_user.email, user=coach_user
    )
    starts = timezone.now() + timedelta(days=2)
    slot = Slot.objects.create(
        organisation=organisation, coach=coach, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    engagements = []
    for number in range(count):
        executive = Person.objects.create(
            organisation=organisation, employee_id=f"E{number}", name=f"Exec {number}", email=f"e{number}@race.example"
        )
        engagements.append(
            services.engagement_create(
                organisation=organisation,
                coach_id=coach.pk,
                executive_id=executive.pk,
                plan=services.EngagementPlan(
                    goal_slugs=["post-weekly-linkedin"],
                    starts_on=date.today(),
                    target_on=date.today() + timedelta(days=9),
                ),
            ).pk
        )
    print(json.dumps({"slot": slot.pk, "engagements": engagements}))


def book(slot_id: int, engagement_id: int, start: float) -> None:
    from socialu.coaching import services
    from socialu.coaching.models import Engagement
    from socialu.core.errors import ConflictError

    engagement = Engagement.objects.select_related("executive").get(pk=engagement_id)
    time.sleep(max(0.0, start - time.time()))
    try:
        services.booking_create(engagement=engagement, slot_id=slot_id, actor=engagement.executive)
    except ConflictError:
        print("refused")
    except Exception as failure:
        print(f"error: {failure!r}")
    else:
        print("booked")


if __name__ == "__main__":
    _setup()
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    else:
        book(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
