"""Match mentees to mentors under hard rules, and explain each proposal.

Pure: numpy and OR-Tools, nothing from Django. ``match`` is the engine; ``pair_problem`` and ``pair_fit``
define the rules and the fit pair by pair; ``violations`` checks a result against them.
"""

from socialu.mentoring.matching.checking import violations
from socialu.mentoring.matching.engine import exact_match, match
from socialu.mentoring.matching.model import (
    DivisionPreference,
    Inputs,
    MatchResult,
    MatchRules,
    Mentee,
    Mentor,
    Proposal,
)
from socialu.mentoring.matching.rules import pair_fit, pair_problem, pair_reasons

__all__ = [
    "DivisionPreference",
    "Inputs",
    "MatchResult",
    "MatchRules",
    "Mentee",
    "Mentor",
    "Proposal",
    "exact_match",
    "match",
    "pair_fit",
    "pair_problem",
    "pair_reasons",
    "violations",
]
