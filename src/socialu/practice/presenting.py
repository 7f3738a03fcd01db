"""Words and shapes the practice pages show: labels, rubric rows, a review's scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialu.policycheck import Platform
from socialu.practice import scoring
from socialu.practice.forms import SITUATION_LABELS
from socialu.practice.models import Attempt, Review, ReviewRule, Scenario
from socialu.preflight.presenting import PLATFORM_LABELS


def platform_label(value: str) -> str:
    try:
        return PLATFORM_LABELS[Platform(value)]
    except ValueError:
        return value


def situation_label(value: str) -> str:
    return SITUATION_LABELS.get(value, value)


@dataclass(frozen=True)
class RubricRow:
    name: str
    label: str
    strong: str
    weak: str


def rubric_rows(scenario: Scenario) -> list[RubricRow]:
    """Return the scenario's five criteria with what a 5 and a 1 look like, in rubric order."""
    rubric: dict[str, Any] = scenario.rubric or {}
    return [
        RubricRow(
            name=name,
            label=scoring.CRITERION_LABELS[name],
            strong=str((rubric.get(name) or {}).get("strong", "")),
            weak=str((rubric.get(name) or {}).get("weak", "")),
        )
        for name in scoring.CRITERIA
    ]


@dataclass(frozen=True)
class ScoreRow:
    label: str
    score: int
    comment: str


def review_rows(review: Review) -> list[ScoreRow]:
    """Return the review's score and comment for each criterion, in rubric order."""
    comments: dict[str, str] = review.comments or {}
    return [
        ScoreRow(label=scoring.CRITERION_LABELS[name], score=int(getattr(review, name)), comment=comments.get(name, ""))
        for name in scoring.CRITERIA
    ]


def review_reasons(review: Review) -> tuple[str, ...]:
    """Return why the review did not pass (empty when it passed)."""
    return scoring.outcome({name: int(getattr(review, name)) for name in scoring.CRITERIA}).reasons


def attempt_summary(attempt: Attempt) -> dict[str, Any]:
    """Return the attempt as JSON-ready values (the API's and the command line's shape)."""
    return {
        "id": attempt.pk,
        "scenario": attempt.scenario.slug,
        "scenario_title": attempt.scenario.title,
        "person": attempt.person.email,
        "status": attempt.status,
        "verdict": attempt.verdict,
        "mean_score": attempt.mean_score,
        "passed": attempt.passed,
        "created_at": attempt.created_at.isoformat(),
        "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
        "reviewed_at": attempt.reviewed_at.isoformat() if attempt.reviewed_at else None,
    }


def deciders(rule: str) -> str:
    """Return, in words, whose reviews decide under review *rule*."""
    if rule == ReviewRule.LEADS_AND_CHAMPIONS_DECIDE:
        return "a mentor, facilitator, champion or programme admin"
    return "a mentor, facilitator or programme admin"
