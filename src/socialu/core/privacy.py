"""Privacy: what SocialU holds about one person, and how it is erased — registries each app adds to.

Every app that keeps something about a person registers, from its
``ready()``, a :class:`PersonDataSection` (what to put in the person's export)
and, when it holds personal data, a :class:`PersonEraser` (how to anonymise
it). The export and erasure services in ``socialu.operations`` walk the
registries, so a new app (coaching notes, surveys…) is covered the day it
registers, and neither service imports the apps.

An eraser *anonymises*: it removes what identifies the person (names, email
addresses, free text they wrote) and keeps the rows that figures are counted
from (completions, scores, acknowledgements), so every aggregate stays right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# The person is a ``people.Person``; core sits below people, so it is typed loosely here.
Person = Any
Row = dict[str, Any]


@dataclass(frozen=True)
class PersonDataSection:
    """One part of a person's export: a title, and the rows an app holds about them."""

    key: str
    title: str
    description: str
    collect: Callable[[Person], list[Row]] = field(compare=False)
    order: int = 100


@dataclass(frozen=True)
class ErasureOutcome:
    """What one eraser did: how many rows it anonymised, and which objects (type, id) they were."""

    rows: int
    objects: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonEraser:
    """How one app anonymises what it holds about a person; run in ``order`` (people's own record last)."""

    key: str
    erase: Callable[[Person], ErasureOutcome] = field(compare=False)
    order: int = 100


_SECTIONS: dict[str, PersonDataSection] = {}
_ERASERS: dict[str, PersonEraser] = {}


def person_data_section_register(section: PersonDataSection) -> None:
    """Add *section* to every person's export (the same key again replaces it)."""
    _SECTIONS[section.key] = section


def person_eraser_register(eraser: PersonEraser) -> None:
    """Add *eraser* to erasure (the same key again replaces it)."""
    _ERASERS[eraser.key] = eraser


def person_data_sections() -> list[PersonDataSection]:
    """Return the registered export sections in order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def person_erasers() -> list[PersonEraser]:
    """Return the registered erasers in the order they run."""
    return sorted(_ERASERS.values(), key=lambda eraser: (eraser.order, eraser.key))


def plain(value: Any) -> Any:
    """Return *value* as something JSON and CSV can hold (dates as ISO 8601 text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def rows_of(values: Iterable[Mapping[str, Any]]) -> list[Row]:
    """Return rows (from ``QuerySet.values()``) with every value made plain."""
    return [{key: plain(value) for key, value in row.items()} for row in values]


ERASED_NAME = "Erased person"


def erased_email(person_id: int) -> str:
    """Return the placeholder address an erased person's record carries (never deliverable)."""
    return f"erased-{person_id}@erased.invalid"
