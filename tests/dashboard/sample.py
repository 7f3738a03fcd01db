"""A few hundred people with certificates and progress, for the browser test and the screenshot."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment
from socialu.people.models import Person, Unit, UnitKind
from tests.dashboard.conftest import make_course, make_tier

DIVISIONS = ["Customer Care", "Engineering", "Marketing", "Retail Stores"]
LOCATIONS = ["Manchester", "Leeds", "Glasgow", "Cardiff", "Belfast", "Bristol", "Remote"]
AUDIENCES = ["observer"] * 6 + ["practitioner"] * 3 + ["management"] * 2 + ["leadership", "infrastructure"]
COURSES = [
    ("why-social-matters", "Why social media matters here", 6),
    ("policy-essentials", "Policy essentials", 9),
    ("craft-of-engagement", "The craft of engagement", 24),
    ("respond-monitor-escalate", "Respond, monitor, escalate", 17),
]


def seed_sample(organisation: Organisation, people: int = 400, seed: int = 4) -> None:
    """Give *organisation* divisions, people, three tiers, certificates and sixteen weeks of completions."""
    generator = random.Random(seed)
    units = []
    for name in DIVISIONS:
        division = Unit.objects.create(organisation=organisation, name=name, path=name, kind=UnitKind.DIVISION)
        team = Unit.objects.create(
            organisation=organisation, name="Team A", path=f"{name} › Team A", parent=division, depth=1
        )
        units += [division, team]
    tiers = [
        make_tier(organisation, "ambassador", "Ambassador", 1),
        make_tier(organisation, "practitioner", "Practitioner", 2),
        make_tier(organisation, "professional", "Professional", 3),
    ]
    for slug, title, _ in COURSES:
        make_course(organisation, slug, title)
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            employee_id=f"S{number:05d}",
            name=f"Sample Person {number}",
            email=f"sample{number}@example.com",
            unit=units[generator.randrange(len(units))],
            audience=generator.choice(AUDIENCES),
            location=generator.choice(LOCATIONS),
            is_active=generator.random() < 0.95,
        )
        for number in range(people)
    )
    now = timezone.now()
    certificates = []
    enrolments = []
    weights = {units[0].pk: 0.3, units[1].pk: 0.3, units[4].pk: 0.22, units[5].pk: 0.22}
    for person in Person.objects.filter(organisation=organisation):
        chance = weights.get(person.unit_id or 0, 0.1)
        for tier, share in zip(tiers, (chance, chance / 2.5, chance / 6), strict=True):
            if generator.random() < share:
                issued = now - timedelta(days=generator.randrange(1, 300))
                certificates.append(
                    Certificate(
                        organisation=organisation,
                        person=person,
                        tier=tier,
                        code=secrets.token_hex(8),
                        holder_name=person.name,
                        tier_name=tier.name,
                        issued_at=issued,
                        expires_at=issued + timedelta(days=365),
                    )
                )
        for slug, _, pace in COURSES[: generator.randrange(1, len(COURSES) + 1)]:
            enrolled = now - timedelta(days=generator.uniform(1, 130))
            finished = enrolled + timedelta(days=generator.expovariate(1 / pace))
            done = finished < now and generator.random() < 0.75
            enrolments.append(
                Enrolment(
                    organisation=organisation,
                    person=person,
                    course_slug=slug,
                    enrolled_at=enrolled,
                    completed_at=finished if done else None,
                )
            )
    Certificate.objects.bulk_create(certificates)
    Enrolment.objects.bulk_create(enrolments)
