"""Reads for the people API: units and filtered people, always scoped to one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from socialu.core.models import Organisation
from socialu.people.models import UNIT_PATH_SEPARATOR, Person, Unit


@dataclass(frozen=True)
class PeopleFilter:
    """What a list of people is narrowed to. Empty values mean no filter."""

    q: str = ""
    unit_id: int | None = None
    audience: str = ""
    location: str = ""
    active: bool | None = None


def unit_list(*, organisation: Organisation) -> QuerySet[Unit]:
    """Return the organisation's units in tree order."""
    return Unit.objects.filter(organisation=organisation).order_by("path")


def unit_get(*, organisation: Organisation, unit_id: int) -> Unit | None:
    """Return the unit with *unit_id* in *organisation*, or None."""
    return Unit.objects.filter(organisation=organisation, pk=unit_id).first()


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    """Return *unit* and every unit below it."""
    return Unit.objects.filter(organisation_id=unit.organisation_id).filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path + UNIT_PATH_SEPARATOR)
    )


def person_list(*, organisation: Organisation, filters: PeopleFilter) -> QuerySet[Person]:
    """Return the organisation's people matching *filters*, ordered by name.

    ``q`` matches part of the name or email, or the exact employee id; a unit
    includes every unit below it. An unknown unit matches nobody.
    """
    people = Person.objects.filter(organisation=organisation).select_related("unit")
    query = filters.q.strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(employee_id=query))
    if filters.unit_id is not None:
        unit = unit_get(organisation=organisation, unit_id=filters.unit_id)
        if unit is None:
            return people.none()
        people = people.filter(unit__in=unit_subtree(unit=unit).values("pk"))
    if filters.audience:
        people = people.filter(audience=filters.audience)
    if filters.location.strip():
        people = people.filter(location__iexact=filters.location.strip())
    if filters.active is not None:
        people = people.filter(is_active=filters.active)
    return people.order_by("name", "pk")


def person_get(*, organisation: Organisation, person_id: int) -> Person | None:
    """Return the person with *person_id* in *organisation*, or None."""
    return Person.objects.filter(organisation=organisation, pk=person_id).select_related("unit").first()
