"""The matcher's value objects: who is matched, under which rules, and what it proposes.

Pure: no Django. People are named by an integer key (the roster person's id); skills by their slug.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class DivisionPreference(StrEnum):
    """Whether a mentee wants a mentor from their own division, another one, or does not mind."""

    ANY = "any"
    SAME = "same"
    DIFFERENT = "different"


@dataclass(frozen=True, slots=True)
class Mentee:
    """A person who asks for a mentor, with what they need and prefer.

    ``needs`` weighs the skills (by slug) the mentee wants help with; ``managers`` holds their manager and
    their manager's manager (the reporting line no mentor may come from); ``generation_band`` is an
    ordinal where a larger number is a younger band.
    """

    key: int
    needs: Mapping[str, float] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    utc_offset_minutes: int | None = None
    location: str = ""
    division: str = ""
    division_preference: DivisionPreference = DivisionPreference.ANY
    generation_band: int | None = None
    leadership: bool = False
    managers: tuple[int, ...] = ()
    requested_mentor: int | None = None


@dataclass(frozen=True, slots=True)
class Mentor:
    """A person who offers to mentor: how many mentees they take and whom they will not take."""

    key: int
    capacity: int = 1
    languages: frozenset[str] = frozenset()
    utc_offset_minutes: int | None = None
    location: str = ""
    division: str = ""
    generation_band: int | None = None
    leadership: bool = False
    managers: tuple[int, ...] = ()
    exclusions: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class MatchRules:
    """The hard rules of one batch match.

    ``reverse`` asks for reverse mentoring: the mentee is in leadership and the mentor is not, and comes from
    a younger generation band. ``previous_pairs`` holds (mentee, mentor) keys that met in an earlier
    pairing; they are not proposed again unless listed in ``repeats_allowed``. People in ``opted_out`` are
    never matched.
    """

    reverse: bool = False
    previous_pairs: frozenset[tuple[int, int]] = frozenset()
    repeats_allowed: frozenset[tuple[int, int]] = frozenset()
    opted_out: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed pair with its fit (0 to about 1.5) and the reasons a person reads."""

    mentee: int
    mentor: int
    fit: float
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """Return the reasons as one sentence."""
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Every proposal of a batch match, the mentees left without a mentor, and the total fit."""

    proposals: tuple[Proposal, ...]
    unmatched: tuple[int, ...]
    total_fit: float
    candidate_pairs: int = 0
    rounds: int = 0


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the matcher reads beside the people: strengths (person → {skill slug: 0..1}) and labels."""

    strengths: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    skill_labels: Mapping[str, str] = field(default_factory=dict)
    evidence_notes: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
