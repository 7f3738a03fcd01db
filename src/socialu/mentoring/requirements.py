"""Mentoring as evidence for certification: the requirement kind ``mentoring_completed``.

Parameters: ``as`` (mentee, mentor or any; default any) and ``count`` (how many completed pairings,
default 1). A pairing counts once it is closed as completed (not closed early).
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
from socialu.mentoring.selectors import people_completed

KEY = "mentoring_completed"
SIDES = ("any", "mentee", "mentor")
_MAX_COUNT = 100


def _count(parameters: Parameters) -> int:
    value = parameters.get("count", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def validate(parameters: Parameters) -> list[str]:
    """Return what is wrong with the parameters (empty when they can be used)."""
    problems: list[str] = []
    unknown = sorted(set(parameters) - {"as", "count"})
    if unknown:
        problems.append(f"Unknown parameters {', '.join(unknown)}: use as and count.")
    if parameters.get("as", "any") not in SIDES:
        problems.append(f"as must be one of {', '.join(SIDES)}.")
    value = parameters.get("count", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COUNT:
        problems.append(f"count must be a whole number from 1 to {_MAX_COUNT}.")
    return problems


def describe(parameters: Parameters) -> str:
    """Return the requirement in words, e.g. "Complete 1 mentoring pairing as a mentor"."""
    count = _count(parameters)
    noun = "pairing" if count == 1 else "pairings"
    side = parameters.get("as", "any")
    role = f" as a {side}" if side in ("mentee", "mentor") else " (as mentee or mentor)"
    return f"Complete {count} mentoring {noun}{role}"


def people_meeting(organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None) -> set[int]:
    """Return which of *person_ids* (everyone when None) meet the requirement."""
    side = parameters.get("as", "any")
    return people_completed(
        organisation=organisation,
        side=side if side in SIDES else "any",
        count=_count(parameters),
        person_ids=person_ids,
        at=evaluation_moment(),
    )


def register() -> None:
    """Add the kind to certification's registry."""
    requirement_kind_register(
        RequirementKind(
            key=KEY,
            label="Mentoring completed",
            describe=describe,
            validate=validate,
            people_meeting=people_meeting,
            help="as: mentee, mentor or any; count: how many completed pairings.",
            example={"as": "mentor", "count": 1},
            as_of=True,
        )
    )
