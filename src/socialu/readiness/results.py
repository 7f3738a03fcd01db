"""The results of an assessment: scores from the pure modules, laid out for the page, the API and the CLI.

``assessment_results`` is read by other apps (the strategy document), so its
signature and the existing fields of ``Results`` stay as they are; new fields
get defaults.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from socialu.core.audiences import Audience
from socialu.people.selectors import unit_division
from socialu.readiness import charts, recommending, scoring
from socialu.readiness.models import Answer, Assessment, AssessmentStatus, Respondent
from socialu.readiness.presenting import score_and_recommend, score_document, trend_document
from socialu.readiness.question_set.selectors import assessment_questions
from socialu.readiness.questions import Dimension, ReadinessQuestion, all_dimensions

__all__ = [
    "Breakdown",
    "DimensionRow",
    "GroupRow",
    "QuestionRow",
    "Results",
    "TrendPoint",
    "assessment_results",
    "previous_closed",
    "respondents_of",
    "responses_document",
    "responses_for",
    "results_document",
    "trend_points",
]

_TREND_LENGTH = 8


def previous_closed(*, assessment: Assessment) -> Assessment | None:
    """Return the organisation's closed assessment before this one, for the trend."""
    earlier = Assessment.objects.filter(
        organisation_id=assessment.organisation_id, status=AssessmentStatus.CLOSED
    ).exclude(pk=assessment.pk)
    if assessment.closed_at is not None:
        earlier = earlier.filter(closed_at__lt=assessment.closed_at)
    return earlier.order_by("-closed_at", "-pk").first()


def responses_for(*, assessment: Assessment) -> list[scoring.Response]:
    """Build the pure scoring responses: one per respondent who answered anything.

    The audience is the person's audience slug (the recommendation rules name audiences by slug);
    the unit is their top-level division.
    """
    answers: dict[int, dict[str, int | None]] = {}
    for respondent_id, question, value in (
        Answer.objects.filter(organisation_id=assessment.organisation_id, respondent__assessment=assessment)
        .order_by()
        .values_list("respondent_id", "question", "value")
    ):
        answers.setdefault(respondent_id, {})[question] = value
    responses = []
    rows = (
        Respondent.objects.filter(organisation_id=assessment.organisation_id, assessment=assessment, pk__in=answers)
        .order_by("pk")
        .values_list("pk", "person__audience", "person__unit__path")
    )
    for pk, audience, path in rows:
        responses.append(
            scoring.Response(respondent=str(pk), answers=answers[pk], audience=audience or "", unit=unit_division(path))
        )
    return responses


def respondents_of(*, assessment: Assessment) -> list[Respondent]:
    """Return the assessment's respondents with their person (audience and unit loaded)."""
    return list(
        Respondent.objects.filter(organisation=assessment.organisation, assessment=assessment)
        .select_related("person", "person__unit")
        .order_by("pk")
    )


@dataclass(frozen=True)
class QuestionRow:
    question: ReadinessQuestion
    score: scoring.QuestionScore | None
    change: float | None
    distribution: tuple[tuple[int, int], ...]  # (point, count)
    most: int
    chart: charts.Distribution | None = None


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    score: scoring.DimensionScore | None
    change: float | None


@dataclass(frozen=True)
class GroupRow:
    kind: str  # "Audience" or "Unit"
    name: str
    mean: float
    answered: int


@dataclass(frozen=True)
class Breakdown:
    """A question people disagree on, with what each audience and unit answered on average."""

    question: ReadinessQuestion
    messages: tuple[str, ...]
    groups: tuple[GroupRow, ...]


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: int
    title: str
    date: str
    index: float
    current: bool


@dataclass(frozen=True)
class Results:
    score: scoring.AssessmentScore
    recommendations: recommending.Recommendations
    dimensions: tuple[DimensionRow, ...]
    questions: tuple[QuestionRow, ...]
    previous: Assessment | None
    trend: scoring.Trend | None
    notes: tuple[tuple[str, str, str], ...]  # (question title, who, note); who is empty when anonymous
    withheld: bool = False
    withheld_message: str = ""
    breakdowns: tuple[Breakdown, ...] = ()
    trend_points: tuple[TrendPoint, ...] = ()
    dimension_chart: charts.BarChart | None = None
    trend_chart: charts.LineChart | None = None
    question_set: tuple[ReadinessQuestion, ...] = ()

    @property
    def index_rounded(self) -> int:
        return round(self.score.index)


def _thresholds(assessment: Assessment) -> scoring.Thresholds | None:
    return scoring.ANONYMOUS_THRESHOLDS if assessment.anonymous else None


def _score(
    assessment: Assessment,
) -> tuple[scoring.AssessmentScore, recommending.Recommendations, list[scoring.Response]]:
    questions = assessment_questions(assessment=assessment)
    responses = responses_for(assessment=assessment)
    score, recommendations = score_and_recommend(questions, responses, _thresholds(assessment))
    return score, recommendations, responses


def withheld_message(assessment: Assessment, respondents: int) -> str:
    """Return why an anonymous assessment's results are hidden, or "" when they may be shown.

    An anonymous assessment shows results only once it is closed: while it is
    open, someone who adds a respondent and watches the results change could
    work out that person's answers. And then only when enough people answered.
    """
    if not assessment.anonymous:
        return ""
    if assessment.status != AssessmentStatus.CLOSED:
        people = "person has" if respondents == 1 else "people have"
        return (
            f"The results of an anonymous assessment are shown once it is closed ({respondents} {people} answered "
            "so far), so that nobody's answers can be worked out by watching the results change as people "
            "answer or are added."
        )
    if respondents >= scoring.ANONYMITY_MINIMUM or respondents == 0:
        return ""
    people = "person has" if respondents == 1 else "people have"
    return (
        f"The results are withheld to protect anonymity: only {respondents} {people} answered so far. "
        f"An anonymous assessment shows results once at least {scoring.ANONYMITY_MINIMUM} people have answered, "
        "so that nobody's answers can be worked out."
    )


def _whole(value: float) -> str:
    """Round half up, as the page's other numbers do (Python's round() would turn 62.5 into 62)."""
    return str(math.floor(value + 0.5))


def _date(assessment: Assessment) -> str:
    moment = assessment.closed_at or assessment.opened_at or assessment.created_at
    return moment.strftime("%b %Y") if moment else ""


def trend_points(*, assessment: Assessment) -> tuple[TrendPoint, ...]:
    """Return the index of the organisation's closed assessments up to this one, oldest first, then this one."""
    earlier = Assessment.objects.filter(
        organisation_id=assessment.organisation_id, status=AssessmentStatus.CLOSED
    ).exclude(pk=assessment.pk)
    if assessment.closed_at is not None:
        earlier = earlier.filter(closed_at__lt=assessment.closed_at)
    chosen = list(earlier.order_by("-closed_at", "-pk")[: _TREND_LENGTH - 1])[::-1]
    points = []
    for item in [*chosen, assessment]:
        score, _, _ = _score(item)
        if not score.respondents or withheld_message(item, score.respondents):
            continue
        points.append(TrendPoint(item.pk, item.title, _date(item), score.index, item.pk == assessment.pk))
    return tuple(points)


def _group_name(kind: str, name: str) -> str:
    if kind == "audience":
        return str(Audience(name).label) if name in Audience.values else name
    return name


def _breakdowns(score: scoring.AssessmentScore, questions: tuple[ReadinessQuestion, ...]) -> tuple[Breakdown, ...]:
    flagged: dict[str, list[str]] = {}
    for disagreement in score.disagreements:
        flagged.setdefault(disagreement.question, []).append(disagreement.message)
    return tuple(
        Breakdown(
            question=question,
            messages=tuple(flagged[question.slug]),
            groups=tuple(
                GroupRow(
                    kind="Audience" if group.kind == "audience" else "Unit",
                    name=_group_name(group.kind, group.name),
                    mean=group.mean,
                    answered=group.answered,
                )
                for group in score.group_means.get(question.slug, ())
            ),
        )
        for question in questions
        if question.slug in flagged
    )


def assessment_results(*, assessment: Assessment) -> Results:
    """Score the assessment with the pure modules and lay the numbers out for the results page."""
    questions = assessment_questions(assessment=assessment)
    used_dimensions = {q.dimension for q in questions}
    dimensions = [d for d in all_dimensions() if d.slug in used_dimensions]
    score, recommendations, _ = _score(assessment)
    previous = previous_closed(assessment=assessment)
    trend = None
    if previous is not None:
        previous_score, _, previous_responses = _score(previous)
        if previous_responses:
            trend = scoring.compare(score, previous_score)
    by_dimension = {d.slug: d for d in score.dimensions}
    question_rows = []
    for question in questions:
        q_score = score.question(question.slug)
        counts = q_score.distribution if q_score else (0, 0, 0, 0, 0)
        question_rows.append(
            QuestionRow(
                question=question,
                score=q_score,
                change=trend.question_changes.get(question.slug) if trend else None,
                distribution=tuple(zip(range(1, 6), counts, strict=True)),
                most=max(*counts, 1),
                chart=charts.distribution_chart(counts),
            )
        )
    dimension_rows = tuple(
        DimensionRow(
            dimension=d,
            score=by_dimension.get(d.slug),
            change=trend.dimension_changes.get(d.slug) if trend else None,
        )
        for d in dimensions
    )
    points = trend_points(assessment=assessment)
    levels = [(level.minimum, level.title) for level in scoring.LEVELS]
    withheld = withheld_message(assessment, score.respondents)
    return Results(
        score=score,
        recommendations=recommendations,
        dimensions=dimension_rows,
        questions=tuple(question_rows),
        previous=previous,
        trend=trend,
        notes=() if withheld else _notes(assessment, {q.slug: q.title for q in questions}),
        withheld=bool(withheld),
        withheld_message=withheld,
        breakdowns=_breakdowns(score, questions),
        trend_points=points,
        dimension_chart=charts.bar_chart(
            [
                (
                    row.dimension.title,
                    row.score.score if row.score else None,
                    _whole(row.score.score) if row.score else "No answers",
                )
                for row in dimension_rows
            ]
        ),
        trend_chart=charts.line_chart([(p.date, p.index, p.current) for p in points], levels=levels)
        if len(points) > 1
        else None,
        question_set=questions,
    )


def _notes(assessment: Assessment, titles: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Return the notes by question; an anonymous assessment's carry no name and come in a new random order each time.

    The order of answers saved is the order people answered in, which says who
    wrote what to anyone who knows when each person answered.
    """
    answers = Answer.objects.filter(
        organisation_id=assessment.organisation_id, respondent__assessment=assessment
    ).exclude(note="")
    rows: list[tuple[str, str, str]]
    if assessment.anonymous:
        rows = [(question, "", note) for question, note in answers.values_list("question", "note")]
        random.SystemRandom().shuffle(rows)
    else:
        rows = list(answers.order_by("question", "pk").values_list("question", "respondent__person__name", "note"))
    order = {slug: position for position, slug in enumerate(titles)}
    ordered = sorted(rows, key=lambda row: order.get(row[0], len(order)))
    return tuple((titles.get(question, question), name, note) for question, name, note in ordered)


def _assessment_summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "status": assessment.status,
        "anonymous": assessment.anonymous,
        "opened_at": assessment.opened_at.isoformat() if assessment.opened_at else None,
        "closed_at": assessment.closed_at.isoformat() if assessment.closed_at else None,
    }


def results_document(*, assessment: Assessment) -> dict[str, Any]:
    """Return the results as JSON-ready data: the CLI's shape plus per-question stats, the trend and the assessment.

    An anonymous assessment with fewer than three respondents returns only ``withheld`` and ``message``.
    """
    score, recommendations, _ = _score(assessment)
    message = withheld_message(assessment, score.respondents)
    if message:
        return {"assessment": _assessment_summary(assessment), "withheld": True, "message": message}
    questions = assessment_questions(assessment=assessment)
    document = score_document(score, recommendations, questions)
    previous = previous_closed(assessment=assessment)
    trend = None
    if previous is not None:
        previous_score, _, previous_responses = _score(previous)
        if previous_responses:
            trend = scoring.compare(score, previous_score)
    points = [(p.title, p.date, p.index) for p in trend_points(assessment=assessment)]
    return {
        "assessment": _assessment_summary(assessment),
        "withheld": False,
        **document,
        "trend": {"previous": previous.title if previous and trend else None, **trend_document(points, trend)},
    }


def responses_document(*, assessment: Assessment) -> dict[str, Any]:
    """Return each respondent's answers (public question keys) for a named assessment.

    An anonymous assessment never shows one person's answers, with or without a
    name: its results show them together (see :func:`results_document`).
    """
    if assessment.anonymous:
        return {
            "withheld": True,
            "message": (
                "This assessment is anonymous: nobody's individual answers are shown, to protect anonymity. "
                "Its results show everyone's answers together once it is closed."
            ),
            "count": 0,
            "items": [],
        }
    questions = assessment_questions(assessment=assessment)
    keys = {q.slug: q.key for q in questions}
    rows: dict[int, dict[str, Any]] = {}
    answered = (
        Answer.objects.filter(organisation_id=assessment.organisation_id, respondent__assessment=assessment)
        .order_by("respondent_id", "question")
        .values_list("respondent_id", "question", "value", "note")
    )
    for respondent_id, question, value, note in answered:
        row = rows.setdefault(respondent_id, {"answers": {}, "notes": {}})
        key = keys.get(question, question.replace("-", "_"))
        if value is not None:
            row["answers"][key] = value
        if note:
            row["notes"][key] = note
    respondents = Respondent.objects.filter(
        organisation_id=assessment.organisation_id, assessment=assessment, pk__in=rows
    ).select_related("person", "person__unit")
    items = []
    for respondent in respondents.order_by("pk"):
        person = respondent.person
        items.append(
            {
                "respondent_id": respondent.pk,
                "person_id": person.pk,
                "name": person.name,
                "audience": person.audience,
                "unit": unit_division(person.unit.path if person.unit else None),
                "submitted_at": respondent.submitted_at.isoformat() if respondent.submitted_at else None,
                "submitted": respondent.submitted_at is not None,
                **rows[respondent.pk],
            }
        )
    return {"withheld": False, "message": "", "count": len(items), "items": items}
