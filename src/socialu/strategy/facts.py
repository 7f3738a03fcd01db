"""The plain facts a strategy draft is written from, and the shapes of what it produces.

Pure Python, no Django: ``selectors`` fills these in from the database and
``generating`` turns them into prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from socialu.strategy.resourcing import Estimate


class Section(TypedDict):
    key: str
    title: str
    body_markdown: str


class Kpi(TypedDict):
    name: str
    baseline: str
    target: str
    cadence: str


SECTION_TITLES: dict[str, str] = {
    "goals": "Goals",
    "business-case": "Business case and resourcing",
    "competencies": "New competencies needed",
    "communication": "Communication tone and content process",
    "roles": "Roles and responsibilities",
    "measurement": "Measurement and continuous improvement",
}
WEAK_BELOW = 50.0


@dataclass(frozen=True)
class DimensionFact:
    slug: str
    title: str
    score: float | None


@dataclass(frozen=True)
class ReadinessFacts:
    title: str
    respondents: int
    index: float
    level_title: str
    level_description: str
    dimensions: tuple[DimensionFact, ...]
    disagreements: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    recommended_formats: tuple[str, ...] = ()

    @property
    def weak(self) -> tuple[DimensionFact, ...]:
        """Return the dimensions scoring under 50, weakest first; else the single weakest one."""
        scored = sorted((d for d in self.dimensions if d.score is not None), key=lambda d: (d.score or 0, d.slug))
        weak = tuple(d for d in scored if (d.score or 0) < WEAK_BELOW)
        return weak or tuple(scored[:1])

    @property
    def focus(self) -> tuple[DimensionFact, ...]:
        """Return the (at most two) weakest dimensions: where the programme puts its weight first."""
        return self.weak[:2]

    @property
    def strongest(self) -> DimensionFact | None:
        scored = [d for d in self.dimensions if d.score is not None]
        return max(scored, key=lambda d: (d.score or 0, d.slug)) if scored else None


@dataclass(frozen=True)
class CompetencyFact:
    name: str
    description: str
    courses: tuple[str, ...]
    emphasised: bool = False
    reason: str = ""


@dataclass(frozen=True)
class RoleFact:
    label: str
    members: int


@dataclass(frozen=True)
class StrategyFacts:
    organisation: str
    today: date
    active_people: int
    target_percent: int
    estimate: Estimate
    readiness: ReadinessFacts | None = None
    has_curriculum: bool = False
    competencies: tuple[CompetencyFact, ...] = ()
    roles: tuple[RoleFact, ...] = ()
    accounts: int = 0
    accounts_with_owner: int = 0
    accounts_with_backup: int = 0
    policies: tuple[str, ...] = ()
    certified: int = 0
    acknowledgement_percent: int | None = None
    platforms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def certified_percent(self) -> float:
        return 100 * self.certified / self.active_people if self.active_people else 0.0


@dataclass(frozen=True)
class Draft:
    sections: list[Section]
    kpis: list[Kpi]
