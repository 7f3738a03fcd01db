"""Sessions as evidence for certification: the requirement kind ``session_attended``.

Parameters: ``count`` (how many different sessions, default 1), optionally ``kind`` (workshop,
webinar, class or conference) and ``series`` (the title of a series). Only attendance marked present
at a session that has ended counts.
"""

from __future__ import annotations

from collections.abc import Collection

from socialu.certification.requirements import (
    Parameters,
    RequirementKind,
    evaluation_moment,
    requirement_kind_register,
)
from socialu.core.models import Organisation
from socialu.sessions.models import SessionKind
from socialu.sessions.selectors import people_who_attended

KEY = "session_attended"
_MAX_COUNT = 1000


def _count(parameters: Parameters) -> int:
    value = parameters.get("count", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def validate(parameters: Parameters) -> list[str]:
    """Return what is wrong with the parameters (empty when they can be used)."""
    problems: list[str] = []
    unknown = sorted(set(parameters) - {"count", "kind", "series"})
    if unknown:
        problems.append(f"Unknown parameters {', '.join(unknown)}: use count and, optionally, kind and series.")
    value = parameters.get("count", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COUNT:
        problems.append(f"count must be a whole number from 1 to {_MAX_COUNT}.")
    kind = parameters.get("kind") or ""
    if kind and kind not in SessionKind.values:
        problems.append(f"kind must be one of {', '.join(SessionKind.values)}, or left out.")
    series = parameters.get("series") or ""
    if not isinstance(series, str):
        problems.append("series must be the title of a series, or left out.")
    return problems


def describe(parameters: Parameters) -> str:
    """Return the requirement in words, e.g. "Attend 2 workshops of the series “Critical comments”"."""
    count = _count(parameters)
    kind = parameters.get("kind") or ""
    noun = str(SessionKind(kind).label).lower() if kind in SessionKind.values else "session"
    plural = noun if count == 1 else (f"{noun}es" if noun.endswith("s") else f"{noun}s")
    series = parameters.get("series") or ""
    of_series = f" of the series “{series}”" if series else ""
    return f"Attend {count} {plural}{of_series}" if count != 1 else f"Attend a {noun}{of_series}"


def people_meeting(organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None) -> set[int]:
    """Return which of *person_ids* (everyone when None) meet the requirement."""
    kind = parameters.get("kind") or ""
    series = parameters.get("series") or ""
    return people_who_attended(
        organisation=organisation,
        count=_count(parameters),
        kind=kind if kind in SessionKind.values else "",
        series_title=series if isinstance(series, str) else "",
        person_ids=person_ids,
        at=evaluation_moment(),
    )


def register() -> None:
    """Add the kind to certification's registry."""
    requirement_kind_register(
        RequirementKind(
            key=KEY,
            label="Session attended",
            describe=describe,
            validate=validate,
            people_meeting=people_meeting,
            help="count (default 1); optionally kind (workshop, webinar, class, conference) and series (its title).",
            example={"count": 1, "kind": "workshop"},
            as_of=True,
        )
    )
