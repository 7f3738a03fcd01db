"""The rubric and when a review passes. Pure Python, so pages, API and tests share one rule.

A review scores five criteria from 1 (weak) to 5 (strong). It **passes** when
all three hold:

* the mean of the five scores is at least ``PASS_MEAN`` (3.5);
* no criterion scores below ``PASS_MIN_ANY`` (2), i.e. none is a 1;
* policy compliance scores at least ``PASS_MIN_POLICY`` (3): a draft that would
  break the organisation's rules never passes, however well written.

An attempt takes the outcome of its *latest* review: a second reviewer who
adds a review replaces the first one's verdict (both reviews stay visible).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

CRITERIA: tuple[str, ...] = ("clarity", "tone", "policy_compliance", "helpfulness", "platform_fit")
CRITERION_LABELS: dict[str, str] = {
    "clarity": "Clarity",
    "tone": "Tone",
    "policy_compliance": "Policy compliance",
    "helpfulness": "Helpfulness",
    "platform_fit": "Platform fit",
}
MIN_SCORE = 1
MAX_SCORE = 5
PASS_MEAN = 3.5
PASS_MIN_ANY = 2
PASS_MIN_POLICY = 3


@dataclass(frozen=True)
class Outcome:
    """The mean of a review's scores, whether it passes, and why not when it does not."""

    mean: float
    passed: bool
    reasons: tuple[str, ...]


def score_problems(scores: Mapping[str, object]) -> dict[str, str]:
    """Return criterion → what is wrong with its score, for every criterion missing or out of range."""
    problems: dict[str, str] = {}
    for name in CRITERIA:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
            problems[name] = f"Give {CRITERION_LABELS[name].lower()} a score from {MIN_SCORE} to {MAX_SCORE}."
    return problems


def outcome(scores: Mapping[str, int]) -> Outcome:
    """Return the mean of the five scores and whether they pass, with the reasons when they do not."""
    values = [scores[name] for name in CRITERIA]
    mean = round(sum(values) / len(values), 2)
    reasons: list[str] = []
    if mean < PASS_MEAN:
        reasons.append(f"The mean score is {mean:.1f}; a pass needs at least {PASS_MEAN}.")
    ones = [CRITERION_LABELS[name] for name in CRITERIA if scores[name] < PASS_MIN_ANY]
    if ones:
        reasons.append(f"{', '.join(ones)} scored 1; a pass needs every criterion at {PASS_MIN_ANY} or more.")
    if scores["policy_compliance"] < PASS_MIN_POLICY:
        reasons.append(f"Policy compliance scored below {PASS_MIN_POLICY}, which a pass needs.")
    return Outcome(mean=mean, passed=not reasons, reasons=tuple(reasons))
