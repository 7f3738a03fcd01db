"""Standing in the spokesperson register: what every certified person must keep up to be listed.

Whatever an organisation's tiers ask for, a certified person is listed in the
register only while nothing is *outstanding* for them. Other capabilities say
what counts, from their app's ``ready()`` with
:func:`standing_condition_register`, so certification never imports them:
governance says "every current policy that applies to you acknowledged". When
something becomes outstanding — a new policy version that asks everyone to
acknowledge it again — the person is not dropped from the register silently:
they move to "Suspended until acknowledged", are reminded, and are listed again
the moment they catch up.

A condition answers set-based questions: a queryset of the people with
something outstanding (used inside the register's own query, so the register
of a very large organisation stays one query per page), and, for the few
people on a page, what each of them still has to do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from socialu.core.models import Organisation


@dataclass(frozen=True)
class Outstanding:
    """One thing a certified person still has to do to be listed, such as acknowledging a policy."""

    # Stable while it stays outstanding: the person is reminded once per key.
    key: str
    text: str


@dataclass(frozen=True)
class StandingCondition:
    """Something every listed spokesperson must keep up, whatever the tier settings."""

    key: str
    # How the register describes someone held back by it, e.g. "Suspended until acknowledged".
    suspended_label: str
    # organisation → the people (a queryset of people) with something outstanding.
    people_outstanding: Callable[[Organisation], QuerySet[Any]]
    # (organisation, person ids) → what each of those people still has to do (people with nothing left out).
    outstanding: Callable[[Organisation, Collection[int]], Mapping[int, list[Outstanding]]]
    # The page where a person catches up: a URL name that takes the organisation's slug.
    url_name: str = ""


_CONDITIONS: dict[str, StandingCondition] = {}


def standing_condition_register(condition: StandingCondition) -> None:
    """Add *condition* (registering the same key again replaces it)."""
    _CONDITIONS[condition.key] = condition


def standing_conditions() -> list[StandingCondition]:
    """Return every registered condition, by key."""
    return [_CONDITIONS[key] for key in sorted(_CONDITIONS)]


def suspended_filter(organisation: Organisation, person_field: str = "person_id") -> Q:
    """Return a filter for rows (certificates, by default) whose person has something outstanding."""
    condition = Q(pk__in=[])
    for item in standing_conditions():
        people = item.people_outstanding(organisation)
        condition |= Q(Exists(people.filter(pk=OuterRef(person_field))))
    return condition


@dataclass(frozen=True)
class PersonStanding:
    """What one person still has to do to be listed, with the label and page of each condition."""

    items: tuple[tuple[StandingCondition, Outstanding], ...]

    @property
    def suspended(self) -> bool:
        return bool(self.items)

    @property
    def labels(self) -> list[str]:
        labels: list[str] = []
        for condition, _ in self.items:
            if condition.suspended_label not in labels:
                labels.append(condition.suspended_label)
        return labels

    @property
    def texts(self) -> list[str]:
        return [outstanding.text for _, outstanding in self.items]


def standings(organisation: Organisation, person_ids: Collection[int]) -> dict[int, PersonStanding]:
    """Return, for each of *person_ids* with something outstanding, what it is (a query or two per condition)."""
    found: dict[int, list[tuple[StandingCondition, Outstanding]]] = {}
    ids = sorted(set(person_ids))
    for condition in standing_conditions():
        for start in range(0, len(ids), 500):
            for person_id, items in condition.outstanding(organisation, ids[start : start + 500]).items():
                found.setdefault(person_id, []).extend((condition, item) for item in items)
    return {person_id: PersonStanding(tuple(items)) for person_id, items in found.items() if items}
