"""Scores and recommendations as plain data: the JSON the CLI prints and the API returns.

Every key here uses the public form (``platform_fit``, ``executive_coaching``,
``write_policy``), mapped from the stored slugs by ``questions.public_key``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialu.readiness.questions import ReadinessQuestion, public_key
from socialu.readiness.recommending import Recommendations, recommend
from socialu.readiness.scoring import AssessmentScore, Response, Thresholds, Trend, score_assessment

__all__ = ["score_and_recommend", "score_document", "trend_document"]


def score_and_recommend(
    questions: Sequence[ReadinessQuestion], responses: Sequence[Response], thresholds: Thresholds | None = None
) -> tuple[AssessmentScore, Recommendations]:
    """Score *responses* to *questions* (with their weights) and work out the training mix and next steps."""
    score = score_assessment([q.definition() for q in questions], responses, thresholds)
    return score, recommend(score, responses)


def _round(value: float, places: int = 2) -> float:
    return round(value, places)


def score_document(
    score: AssessmentScore, recommendations: Recommendations, questions: Sequence[ReadinessQuestion]
) -> dict[str, Any]:
    """Return the index, level, dimensions, disagreements, recommendations, next steps and per-question stats."""
    weights = {q.slug: q.weight for q in questions}
    flagged: list[str] = []
    for disagreement in score.disagreements:
        key = public_key(disagreement.question)
        if key not in flagged:
            flagged.append(key)
    return {
        "respondents": score.respondents,
        "index": _round(score.index, 1),
        "level": public_key(score.level.slug),
        "level_title": score.level.title,
        "level_description": score.level.description,
        "dimensions": {public_key(d.slug): _round(d.mean) for d in score.dimensions},
        "dimension_scores": {public_key(d.slug): _round(d.score, 1) for d in score.dimensions},
        "disagreements": flagged,
        "disagreement_details": [
            {
                "question": public_key(d.question),
                "kind": d.kind,
                "message": d.message,
                "groups": [
                    {"kind": g.kind, "name": g.name, "mean": _round(g.mean), "answered": g.answered} for g in d.groups
                ],
            }
            for d in score.disagreements
        ],
        "recommendations": {public_key(f.slug): f.status for f in recommendations.training_mix},
        "recommendation_reasons": {public_key(f.slug): list(f.reasons) for f in recommendations.training_mix},
        "next_steps": [
            {"key": public_key(step.slug), "text": step.text, "reasons": list(step.reasons)}
            for step in recommendations.next_steps
        ],
        "questions": {
            public_key(q.slug): {
                "title": q.title,
                "dimension": public_key(q.dimension),
                "weight": weights.get(q.slug, 1.0),
                "answered": q.answered,
                "mean": _round(q.mean),
                "spread": _round(q.spread),
                "distribution": {str(point): count for point, count in enumerate(q.distribution, 1)},
                "score": _round(q.score, 1),
            }
            for q in score.questions
        },
    }


def trend_document(points: Sequence[tuple[str, str, float]], trend: Trend | None) -> dict[str, Any]:
    """Return the index of each earlier closed assessment (title, date, index) and the change since the last."""
    return {
        "points": [{"title": title, "date": date, "index": _round(index, 1)} for title, date, index in points],
        "index_change": _round(trend.index_change, 1) if trend else None,
        "dimension_changes": {public_key(k): _round(v, 1) for k, v in trend.dimension_changes.items()} if trend else {},
        "question_changes": {public_key(k): _round(v, 1) for k, v in trend.question_changes.items()} if trend else {},
    }
