"""The domain errors every service raises, and the one shape they take everywhere.

A service that cannot do what it was asked raises one of these with a message a
person can act on. The web views show the message, the API answers with one
documented body (``socialu.core.api``), the management commands print it and
exit with the matching code (``socialu.core.commands``). An app may subclass one
of them where the name carries meaning (``PersonError(InvalidInputError)``),
never define a free-standing error of its own.
``details`` holds one :class:`FieldProblem` per field or row at fault.

=====================  ====  ====================================================
class                  HTTP  meaning
=====================  ====  ====================================================
``InvalidInputError``  422   what was sent cannot be used; ``details`` per field
``NotFoundError``      404   the thing does not exist in this organisation
``ConflictError``      409   it clashes with what already happened
``PermissionDenied…``  403   the role does not allow it
=====================  ====  ====================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with the input: where (a field, a row's line) and what to do about it."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else ""
        if self.field:
            where = f"{where}, {self.field}" if where else self.field
        return f"{where}: {self.message}" if where else self.message


class DomainError(Exception):
    """An action that cannot be done; ``message`` tells a person what to do instead.

    ``details`` lists each field or row at fault, when the message alone is not enough.
    """

    default_message = "This cannot be done."

    def __init__(
        self,
        message: str = "",
        *,
        details: Iterable[FieldProblem] = (),
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        listed = list(details)
        for field, messages in (errors or {}).items():
            listed.extend(FieldProblem(field=field, message=text) for text in messages)
        self.details: list[FieldProblem] = listed
        self.message = message or self.default_message
        super().__init__(self.message)

    @property
    def errors(self) -> dict[str, list[str]]:
        """Return the details as field → messages (row problems under ``line N``)."""
        grouped: dict[str, list[str]] = {}
        for problem in self.details:
            key = problem.field or (f"line {problem.line}" if problem.line is not None else "")
            grouped.setdefault(key, []).append(problem.message)
        return grouped


class InvalidInputError(DomainError):
    """What was sent cannot be used; ``details`` names each field or row and what to do."""

    default_message = "The input is not valid."


class NotFoundError(DomainError):
    """The thing asked for does not exist in this organisation (or is not visible to the caller)."""

    default_message = "There is no such thing in this organisation."


class ConflictError(DomainError):
    """The request clashes with what already happened (a duplicate, a superseded version, a closed campaign)."""

    default_message = "This clashes with what has already been recorded."


class PermissionDeniedError(DomainError):
    """The caller's role in this organisation does not allow the action."""

    default_message = "Your role in this organisation does not allow this."
