"""Readiness scoring: every rule for turning answers into scores lives here.

Pure Python, no Django, so the rules can be read, tested and property-checked
on their own. ``docs/readiness-scoring.md`` explains them for programme admins.

* A question's score is the mean of its answers (1–5) mapped onto 0–100.
* A dimension's score is the weighted mean of its questions' scores. Every
  weight must be above zero (a question that should not count is left out).
* The readiness index is the weighted mean of all answered questions' scores,
  so it is bounded by 0 and 100, never falls when any answer rises, and does
  not depend on the order in which people responded.
* Respondents *disagree* on a question when their answers spread widely, or
  when one audience or unit's average differs from another's by a wide gap.
  Groups smaller than ``Thresholds.minimum_group_answers`` are never compared
  or shown (anonymous assessments raise it to 3 to protect people).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SCALE_MIN = 1
SCALE_MAX = 5


@dataclass(frozen=True)
class QuestionDefinition:
    slug: str
    title: str
    dimension: str
    weight: float = 1.0


@dataclass(frozen=True)
class Response:
    """One respondent's answers; a missing or None answer means 'not answered'."""

    respondent: str
    answers: Mapping[str, int | None]
    audience: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Level:
    slug: str
    title: str
    minimum: float
    description: str


LEVELS: tuple[Level, ...] = (
    Level(
        "getting-started",
        "Getting started",
        0,
        "The basics are missing: goals, a policy or owners for the accounts. Fix these before training at scale; "
        "start with leaders and the people who already post for the organisation.",
    ),
    Level(
        "building",
        "Building",
        40,
        "Some foundations are in place but they are patchy. Close the gaps the answers show, then train the "
        "practitioners and managers who will carry the programme.",
    ),
    Level(
        "scaling",
        "Scaling",
        60,
        "Foundations are solid. The organisation is ready to train every audience, certify spokespeople and "
        "measure the results.",
    ),
    Level(
        "leading",
        "Leading",
        80,
        "Social media is part of how the organisation works. Keep the programme fresh: recertify, coach new "
        "leaders and feed what people learn back into the guidelines.",
    ),
)


def level_for(index: float) -> Level:
    """Return the readiness level whose band contains *index* (0–100)."""
    chosen = LEVELS[0]
    for level in LEVELS:
        if index >= level.minimum:
            chosen = level
    return chosen


def to_score(mean: float) -> float:
    """Map a mean answer on the 1–5 scale onto 0–100."""
    return (mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


@dataclass(frozen=True)
class QuestionScore:
    slug: str
    title: str
    dimension: str
    answered: int
    mean: float
    spread: float  # population standard deviation of the answers
    distribution: tuple[int, int, int, int, int]  # how many answered 1, 2, 3, 4 and 5
    score: float


@dataclass(frozen=True)
class DimensionScore:
    slug: str
    mean: float
    score: float
    questions: tuple[str, ...]


@dataclass(frozen=True)
class GroupMean:
    kind: str  # "audience" or "unit"
    name: str
    mean: float
    answered: int


@dataclass(frozen=True)
class Disagreement:
    question: str
    title: str
    kind: str  # "spread" or "audience" or "unit"
    message: str
    groups: tuple[GroupMean, ...] = ()


@dataclass(frozen=True)
class AssessmentScore:
    respondents: int
    questions: tuple[QuestionScore, ...]
    dimensions: tuple[DimensionScore, ...]
    index: float
    level: Level
    disagreements: tuple[Disagreement, ...]
    group_means: Mapping[str, tuple[GroupMean, ...]] = field(default_factory=dict)

    def question(self, slug: str) -> QuestionScore | None:
        return next((q for q in self.questions if q.slug == slug), None)


@dataclass(frozen=True)
class Thresholds:
    """When answers count as a disagreement. Defaults suit a 1–5 scale."""

    spread: float = 1.2
    group_gap: float = 1.5
    minimum_answers: int = 3
    minimum_group_answers: int = 2


# An anonymous assessment shows results only once this many people have answered, and compares only
# audiences or units with at least this many answers, so that nobody's answer can be singled out.
ANONYMITY_MINIMUM = 3
ANONYMOUS_THRESHOLDS = Thresholds(minimum_group_answers=ANONYMITY_MINIMUM)


def _valid(value: int | None) -> bool:
    return value is not None and SCALE_MIN <= value <= SCALE_MAX


def _question_score(question: QuestionDefinition, values: Sequence[int]) -> QuestionScore:
    count = len(values)
    mean = sum(values) / count
    spread = math.sqrt(sum((value - mean) ** 2 for value in values) / count)
    distribution = tuple(sum(1 for value in values if value == point) for point in range(SCALE_MIN, SCALE_MAX + 1))
    return QuestionScore(
        slug=question.slug,
        title=question.title,
        dimension=question.dimension,
        answered=count,
        mean=mean,
        spread=spread,
        distribution=distribution,  # type: ignore[arg-type]
        score=to_score(mean),
    )


def _weighted(scores: Iterable[tuple[float, float]]) -> float:
    pairs = list(scores)
    total = sum(weight for _, weight in pairs)
    return sum(value * weight for value, weight in pairs) / total if total else 0.0


def _group_means(
    question: QuestionDefinition, responses: Sequence[Response], kind: str, thresholds: Thresholds
) -> tuple[GroupMean, ...]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for response in responses:
        value = response.answers.get(question.slug)
        name = response.audience if kind == "audience" else response.unit
        if name and _valid(value):
            buckets[name].append(value)  # type: ignore[arg-type]
    return tuple(
        GroupMean(kind=kind, name=name, mean=sum(values) / len(values), answered=len(values))
        for name, values in sorted(buckets.items())
        if len(values) >= thresholds.minimum_group_answers
    )


def _disagreements(
    question: QuestionDefinition,
    score: QuestionScore,
    responses: Sequence[Response],
    thresholds: Thresholds,
) -> list[Disagreement]:
    found: list[Disagreement] = []
    if score.answered >= thresholds.minimum_answers and score.spread >= thresholds.spread:
        low = next(point for point, n in enumerate(score.distribution, SCALE_MIN) if n)
        high = max(point for point, n in enumerate(score.distribution, SCALE_MIN) if n)
        found.append(
            Disagreement(
                question=question.slug,
                title=question.title,
                kind="spread",
                message=(
                    f"Respondents disagree on {question.title.lower()}: answers run from {low} to {high} "
                    f"(spread {score.spread:.1f})."
                ),
            )
        )
    for kind in ("audience", "unit"):
        groups = _group_means(question, responses, kind, thresholds)
        if len(groups) < 2:
            continue
        lowest = min(groups, key=lambda g: (g.mean, g.name))
        highest = max(groups, key=lambda g: (g.mean, g.name))
        if highest.mean - lowest.mean >= thresholds.group_gap:
            pair = f"{highest.name} and {lowest.name}"
            found.append(
                Disagreement(
                    question=question.slug,
                    title=question.title,
                    kind=kind,
                    message=(
                        f"{pair[:1].upper()}{pair[1:]} disagree on {question.title.lower()}: "
                        f"{highest.name} mean {highest.mean:.1f}, {lowest.name} {lowest.mean:.1f}."
                    ),
                    groups=groups,
                )
            )
    return found


def score_assessment(
    questions: Sequence[QuestionDefinition],
    responses: Sequence[Response],
    thresholds: Thresholds | None = None,
) -> AssessmentScore:
    """Return the scores, index, level and disagreements for *responses*."""
    thresholds = thresholds or Thresholds()
    for question in questions:
        if not (math.isfinite(question.weight) and question.weight > 0):
            raise ValueError(f"Question {question.slug} has weight {question.weight}; weights must be above zero.")
    question_scores: list[QuestionScore] = []
    disagreements: list[Disagreement] = []
    weights: dict[str, float] = {}
    group_means: dict[str, tuple[GroupMean, ...]] = {}
    for question in questions:
        values = [v for r in responses if _valid(v := r.answers.get(question.slug))]
        if not values:
            continue
        score = _question_score(question, values)  # type: ignore[arg-type]
        question_scores.append(score)
        weights[question.slug] = question.weight
        disagreements.extend(_disagreements(question, score, responses, thresholds))
        group_means[question.slug] = _group_means(question, responses, "audience", thresholds) + _group_means(
            question, responses, "unit", thresholds
        )
    dimensions: dict[str, list[QuestionScore]] = defaultdict(list)
    for score in question_scores:
        dimensions[score.dimension].append(score)
    dimension_scores = tuple(
        DimensionScore(
            slug=slug,
            mean=_weighted((q.mean, weights[q.slug]) for q in members),
            score=_weighted((q.score, weights[q.slug]) for q in members),
            questions=tuple(q.slug for q in members),
        )
        for slug, members in dimensions.items()
    )
    index = _weighted((q.score, weights[q.slug]) for q in question_scores)
    index = min(100.0, max(0.0, index))
    respondents = sum(1 for r in responses if any(_valid(v) for v in r.answers.values()))
    return AssessmentScore(
        respondents=respondents,
        questions=tuple(question_scores),
        dimensions=dimension_scores,
        index=index,
        level=level_for(index),
        disagreements=tuple(disagreements),
        group_means=group_means,
    )


@dataclass(frozen=True)
class Trend:
    """How an assessment compares with the one before it (positive = improved)."""

    index_change: float
    dimension_changes: Mapping[str, float]
    question_changes: Mapping[str, float]


def compare(current: AssessmentScore, previous: AssessmentScore) -> Trend:
    """Return the change from *previous* to *current* on every score both have."""
    before_dimensions = {d.slug: d.score for d in previous.dimensions}
    before_questions = {q.slug: q.score for q in previous.questions}
    return Trend(
        index_change=current.index - previous.index,
        dimension_changes={
            d.slug: d.score - before_dimensions[d.slug] for d in current.dimensions if d.slug in before_dimensions
        },
        question_changes={
            q.slug: q.score - before_questions[q.slug] for q in current.questions if q.slug in before_questions
        },
    )
