"""Headline numbers for an organisation's home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from socialu.core.audiences import Audience
from socialu.core.models import Organisation, RoleAssignment
from socialu.people.models import Person, Unit


@dataclass(frozen=True)
class AudienceCount:
    audience: str
    label: str
    people: int


@dataclass(frozen=True)
class HomeSummary:
    active_people: int
    inactive_people: int
    external_partners: int
    units: int
    members: int
    audiences: tuple[AudienceCount, ...]

    @property
    def largest_audience(self) -> int:
        return max((row.people for row in self.audiences), default=0)


def home_summary(*, organisation: Organisation) -> HomeSummary:
    """Return the headline numbers shown on an organisation's home page."""
    counts = Person.objects.filter(organisation=organisation).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        external=Count("pk", filter=Q(is_active=True, is_external=True)),
        **{value: Count("pk", filter=Q(is_active=True, audience=value)) for value in Audience.values},
    )
    return HomeSummary(
        active_people=counts["active"],
        inactive_people=counts["inactive"],
        external_partners=counts["external"],
        units=Unit.objects.filter(organisation=organisation).count(),
        members=RoleAssignment.objects.filter(organisation=organisation).values("user_id").distinct().count(),
        audiences=tuple(AudienceCount(value, str(label), counts[value]) for value, label in Audience.choices),
    )
