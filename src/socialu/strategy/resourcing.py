"""The resourcing estimate behind the business case: pure Python, every figure shown and explained.

For each audience:

* learners = active headcount × target share, rounded up to whole people;
* learner hours = learners × the hours of that audience's learning path;
* group sessions = learners ÷ group size, rounded up (only when the path has any hours);
* facilitator hours = sessions × hours per session, plus one-to-one coaching
  hours for each leader trained (leadership only).

The cost is every hour, learners' and facilitators', times the cost per hour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

COACHED_AUDIENCES = frozenset({"leadership"})
HUNDRED = Decimal(100)
MINUTES = Decimal(60)

FORMULA = (
    "Learners are the active people in each audience times the target share, rounded up. "
    "Learner hours are learners times the hours of that audience's learning path. "
    "Facilitator hours are group sessions (learners divided by the group size, rounded up) times the hours of one "
    "session, plus one-to-one coaching hours for each leader trained. "
    "The cost is all learner and facilitator hours times the cost per hour."
)


@dataclass(frozen=True)
class AudienceInput:
    """What is known about one audience: who is in it and how long its learning path takes."""

    audience: str
    label: str
    headcount: int
    path_minutes: int


@dataclass(frozen=True)
class Assumptions:
    """What the programme admin decides: the target, the facilitation model and the cost of an hour."""

    target_percent: Decimal
    session_hours: Decimal
    group_size: int
    coaching_hours_per_leader: Decimal
    cost_per_hour: Decimal
    currency: str = "EUR"


@dataclass(frozen=True)
class AudienceEstimate:
    audience: str
    label: str
    headcount: int
    learners: int
    path_hours: Decimal
    learner_hours: Decimal
    sessions: int
    session_hours: Decimal
    coaching_hours: Decimal
    facilitator_hours: Decimal
    cost: Decimal

    @property
    def total_hours(self) -> Decimal:
        return self.learner_hours + self.facilitator_hours


@dataclass(frozen=True)
class Estimate:
    assumptions: Assumptions
    rows: tuple[AudienceEstimate, ...]

    @property
    def headcount(self) -> int:
        return sum(row.headcount for row in self.rows)

    @property
    def learners(self) -> int:
        return sum(row.learners for row in self.rows)

    @property
    def learner_hours(self) -> Decimal:
        return sum((row.learner_hours for row in self.rows), Decimal(0))

    @property
    def sessions(self) -> int:
        return sum(row.sessions for row in self.rows)

    @property
    def facilitator_hours(self) -> Decimal:
        return sum((row.facilitator_hours for row in self.rows), Decimal(0))

    @property
    def total_hours(self) -> Decimal:
        return self.learner_hours + self.facilitator_hours

    @property
    def cost(self) -> Decimal:
        return sum((row.cost for row in self.rows), Decimal(0))

    @property
    def formula(self) -> str:
        return FORMULA


def _hours(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def learners_for(headcount: int, target_percent: Decimal) -> int:
    """Return how many people of *headcount* the target share means, rounded up to whole people."""
    if headcount <= 0 or target_percent <= 0:
        return 0
    return min(headcount, math.ceil(Decimal(headcount) * target_percent / HUNDRED))


def estimate_audience(row: AudienceInput, assumptions: Assumptions) -> AudienceEstimate:
    """Return the estimate for one audience."""
    learners = learners_for(row.headcount, assumptions.target_percent)
    path_hours = _hours(Decimal(row.path_minutes) / MINUTES)
    learner_hours = _hours(learners * path_hours)
    sessions = math.ceil(learners / max(1, assumptions.group_size)) if learners and row.path_minutes else 0
    session_hours = _hours(sessions * assumptions.session_hours)
    coached = row.audience in COACHED_AUDIENCES
    coaching = _hours(learners * assumptions.coaching_hours_per_leader) if coached else Decimal(0)
    facilitator_hours = session_hours + coaching
    return AudienceEstimate(
        audience=row.audience,
        label=row.label,
        headcount=row.headcount,
        learners=learners,
        path_hours=path_hours,
        learner_hours=learner_hours,
        sessions=sessions,
        session_hours=session_hours,
        coaching_hours=coaching,
        facilitator_hours=facilitator_hours,
        cost=_money((learner_hours + facilitator_hours) * assumptions.cost_per_hour),
    )


def estimate(audiences: Sequence[AudienceInput], assumptions: Assumptions) -> Estimate:
    """Return the resourcing estimate for every audience."""
    return Estimate(assumptions=assumptions, rows=tuple(estimate_audience(row, assumptions) for row in audiences))


# --- Stored as JSON on each version ----------------------------------------------------------


def to_dict(result: Estimate, audiences: Sequence[AudienceInput]) -> dict[str, Any]:
    """Return the inputs and the results as JSON-safe data (numbers as strings, so nothing is rounded away)."""
    a = result.assumptions
    return {
        "assumptions": {
            "target_percent": str(a.target_percent),
            "session_hours": str(a.session_hours),
            "group_size": a.group_size,
            "coaching_hours_per_leader": str(a.coaching_hours_per_leader),
            "cost_per_hour": str(a.cost_per_hour),
            "currency": a.currency,
        },
        "audiences": [
            {"audience": row.audience, "label": row.label, "headcount": row.headcount, "path_minutes": row.path_minutes}
            for row in audiences
        ],
        "totals": {
            "learners": result.learners,
            "learner_hours": str(result.learner_hours),
            "facilitator_hours": str(result.facilitator_hours),
            "total_hours": str(result.total_hours),
            "cost": str(result.cost),
        },
    }


def from_dict(data: Mapping[str, Any]) -> tuple[Estimate, tuple[AudienceInput, ...]]:
    """Recompute the estimate from stored inputs (the same pure function, so the figures match)."""
    stored = data.get("assumptions") or {}
    assumptions = Assumptions(
        target_percent=Decimal(str(stored.get("target_percent", "10"))),
        session_hours=Decimal(str(stored.get("session_hours", "2"))),
        group_size=int(stored.get("group_size", 12)),
        coaching_hours_per_leader=Decimal(str(stored.get("coaching_hours_per_leader", "3"))),
        cost_per_hour=Decimal(str(stored.get("cost_per_hour", "0"))),
        currency=str(stored.get("currency", "EUR")),
    )
    audiences = tuple(
        AudienceInput(
            audience=str(row["audience"]),
            label=str(row["label"]),
            headcount=int(row["headcount"]),
            path_minutes=int(row["path_minutes"]),
        )
        for row in data.get("audiences") or []
    )
    return estimate(audiences, assumptions), audiences


def money(value: Decimal, currency: str) -> str:
    """Format an amount for people: ``EUR 12,345.00``."""
    return f"{currency} {value:,.2f}"


def hours(value: Decimal) -> str:
    """Format hours for people: ``1,234.5``."""
    return f"{value:,.1f}"
