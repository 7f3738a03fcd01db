"""Data consistency: records that contradict each other, found per organisation by ``socialu doctor``.

Services refuse data that contradicts itself — a course completed before the
person was enrolled, an attempt at a quiz before the enrolment, a certificate
dated before its requirements were met. Records can still arrive by other
routes (a restored backup, a fix made in SQL, an import written by hand, an
older version of SocialU), and a dashboard must never hide them by rounding
them away. So each app registers, from its ``ready()``, checks over the records
it owns, and the doctor runs them all and says what it found.

A check answers for a whole organisation with a query or two (never one per
person): how many records contradict each other, and a few examples a person
can look up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from socialu.core.models import Organisation

# A moment this far past "now" counts as in the future (clocks differ a little between machines).
FUTURE_TOLERANCE_MINUTES = 5


@dataclass(frozen=True)
class Finding:
    """One contradiction: whose records, and what they say."""

    subject: str
    detail: str


@dataclass(frozen=True)
class CheckResult:
    """How many records a check found, with a few of them as examples."""

    count: int
    examples: list[Finding] = field(default_factory=list)


# (organisation, now, how many examples to return) → what the check found.
CheckRunner = Callable[[Organisation, datetime, int], CheckResult]


@dataclass(frozen=True)
class ConsistencyCheck:
    """One kind of contradiction an app knows how to find in its own records."""

    key: str
    title: str
    advice: str
    run: CheckRunner


_CHECKS: dict[str, ConsistencyCheck] = {}


def consistency_check_register(check: ConsistencyCheck) -> None:
    """Add *check* (registering the same key again replaces it)."""
    _CHECKS[check.key] = check


def consistency_checks() -> list[ConsistencyCheck]:
    """Return every registered check, by key."""
    return [_CHECKS[key] for key in sorted(_CHECKS)]


@dataclass(frozen=True)
class CheckOutcome:
    check: ConsistencyCheck
    result: CheckResult


def consistency_report(
    *, organisation: Organisation, now: datetime | None = None, examples: int = 5
) -> list[CheckOutcome]:
    """Run every registered check on *organisation*; return each check with what it found (often nothing)."""
    moment = now or timezone.now()
    return [CheckOutcome(check, check.run(organisation, moment, examples)) for check in consistency_checks()]


def moment_text(moment: datetime | None) -> str:
    """Return a moment as a person reads it in a finding: 3 Mar 2026 09:30."""
    if moment is None:
        return "never"
    return timezone.localtime(moment).strftime("%-d %b %Y %H:%M")
