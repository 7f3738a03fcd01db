"""Practice as evidence for certification: the requirement kind ``practice_reviews_passed``.

Parameters: ``count`` (how many different scenarios must have a passed review,
default 1) and optionally ``difficulty`` (the easiest difficulty that counts:
introductory, intermediate or advanced).
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
from socialu.practice.selectors import DIFFICULTY_ORDER, people_with_passed_reviews

KEY = "practice_reviews_passed"
_MAX_COUNT = 1000


def _count(parameters: Parameters) -> int:
    value = parameters.get("count", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def validate(parameters: Parameters) -> list[str]:
    """Return what is wrong with the parameters (empty when they can be used)."""
    problems: list[str] = []
    unknown = sorted(set(parameters) - {"count", "difficulty"})
    if unknown:
        problems.append(f"Unknown parameters {', '.join(unknown)}: use count and, optionally, difficulty.")
    value = parameters.get("count", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COUNT:
        problems.append(f"count must be a whole number from 1 to {_MAX_COUNT}.")
    difficulty = parameters.get("difficulty") or ""
    if difficulty and difficulty not in DIFFICULTY_ORDER:
        problems.append(f"difficulty must be one of {', '.join(DIFFICULTY_ORDER)}, or left out.")
    return problems


def describe(parameters: Parameters) -> str:
    """Return the requirement in words, e.g. "Pass reviews of 3 practice scenarios (intermediate or harder)"."""
    count = _count(parameters)
    noun = "scenario" if count == 1 else "scenarios"
    difficulty = parameters.get("difficulty") or ""
    harder = f" ({difficulty} or harder)" if difficulty in DIFFICULTY_ORDER[1:] else ""
    return f"Pass a review of {count} practice {noun}{harder}"


def people_meeting(organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None) -> set[int]:
    """Return which of *person_ids* (everyone when None) meet the requirement."""
    difficulty = parameters.get("difficulty") or ""
    return people_with_passed_reviews(
        organisation=organisation,
        count=_count(parameters),
        min_difficulty=difficulty if difficulty in DIFFICULTY_ORDER else "",
        person_ids=person_ids,
        at=evaluation_moment(),
    )


def register() -> None:
    """Add the kind to certification's registry."""
    requirement_kind_register(
        RequirementKind(
            key=KEY,
            label="Practice reviews passed",
            describe=describe,
            validate=validate,
            people_meeting=people_meeting,
            as_of=True,
        )
    )
