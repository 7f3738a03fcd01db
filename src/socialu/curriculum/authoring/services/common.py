"""What every authoring change shares: the error, the choice input, and ordering helpers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.utils.text import slugify

from socialu.core.errors import FieldProblem, InvalidInputError
from socialu.curriculum.models import Course, CourseStatus

# Words the learning pages use in their addresses (/learning/manage/, /learning/people/), so no course may take them.
RESERVED_COURSE_SLUGS = frozenset({"manage", "people", "new", "preview", "paths", "courses"})


class AuthoringError(InvalidInputError):
    """An authoring change that cannot be made; ``problems`` lists what to fix, each naming its place."""

    def __init__(self, *problems: str) -> None:
        super().__init__(" ".join(problems), details=[FieldProblem(field="", message=problem) for problem in problems])
        self.problems = list(problems)


@dataclass(frozen=True)
class ChoiceInput:
    text: str
    is_correct: bool
    feedback: str


# --- Helpers ---------------------------------------------------------------------------------


def require_draft(course: Course) -> None:
    """Raise AuthoringError unless *course* is a draft: published and retired versions never change."""
    if course.status != CourseStatus.DRAFT:
        raise AuthoringError(
            f"Version {course.version} of “{course.title}” is {course.get_status_display().lower()} and cannot be "
            "changed. Choose “Edit this course” to start a draft of the next version."
        )


def unique_slug(text: str, taken: set[str], *, fallback: str) -> str:
    """Return a slug made from *text* that is not in *taken* (``-2``, ``-3``… added as needed)."""
    base = slugify(text)[:70].strip("-") or fallback
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def move_item[M: Model](items: list[M], item: M, offset: int) -> None:
    """Move *item* by *offset* places among *items* (clamped at the ends) and save every position."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    renumber(items)


def renumber[M: Model](items: list[M]) -> None:
    """Save positions 0, 1, 2… for *items* in the order given."""
    for position, each in enumerate(items):
        each.position = position  # type: ignore[attr-defined]
    if items:
        type(items[0]).objects.bulk_update(items, ["position"])  # type: ignore[attr-defined]
