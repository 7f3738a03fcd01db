"""The registry of requirement kinds a certification tier can ask for.

Certification knows what learning records (courses passed, quiz scores); other
capabilities add their own kinds when their app is ready, without
certification importing them: governance adds "policy acknowledged", the
practice sandbox adds "practice reviews passed", and coaching can add "a
coaching session attended" the same way.

Every kind answers one set-based question: of these people, which meet the
requirement with these parameters? That keeps evaluation of a whole
organisation to a few queries per requirement.

A kind may also answer *as of a moment in the past* (``as_of=True``): it then
counts only records dated at or before :func:`evaluation_moment`. Certificates
are dated when they are issued, so awarding one for a moment in the past (as
the demo does, and as a backfill would) is allowed only when every requirement
can be checked that way; otherwise a certificate could predate its evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from socialu.core.models import Organisation

Parameters = Mapping[str, Any]
# (organisation, parameters, person ids or None for everyone) → ids of the people who meet it.
PeopleMeeting = Callable[[Organisation, Parameters, Collection[int] | None], set[int]]


@dataclass(frozen=True)
class RequirementKind:
    """One kind of requirement: how to describe it, check its parameters, and evaluate it."""

    key: str
    label: str
    describe: Callable[[Parameters], str]
    validate: Callable[[Parameters], list[str]]
    people_meeting: PeopleMeeting
    # Optional: shown beside the requirements editor so that an admin knows what to write.
    help: str = ""
    example: Mapping[str, Any] = field(default_factory=dict)
    # True when people_meeting honours evaluation_moment(): only records dated then or before count.
    as_of: bool = False


_KINDS: dict[str, RequirementKind] = {}


def requirement_kind_register(kind: RequirementKind) -> None:
    """Add *kind* to the registry (registering the same key again replaces it)."""
    _KINDS[kind.key] = kind


def requirement_kind(key: str) -> RequirementKind | None:
    """Return the registered kind called *key*, or None."""
    return _KINDS.get(key)


def requirement_kinds() -> list[RequirementKind]:
    """Return every registered kind, by label."""
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


_EVALUATED_AT: ContextVar[datetime | None] = ContextVar("certification_evaluated_at", default=None)


def evaluation_moment() -> datetime:
    """Return the moment requirements are being checked as of: now, unless :func:`evaluated_at` says otherwise."""
    return _EVALUATED_AT.get() or timezone.now()


@contextmanager
def evaluated_at(moment: datetime | None) -> Iterator[None]:
    """Check requirements as of *moment* (None: now) inside the ``with`` block."""
    token = _EVALUATED_AT.set(moment)
    try:
        yield
    finally:
        _EVALUATED_AT.reset(token)
