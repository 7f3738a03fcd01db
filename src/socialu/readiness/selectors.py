"""Reading readiness assessments: lists, progress, a respondent's answers and the results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from socialu.core.models import Organisation
from socialu.people.selectors import unit_division
from socialu.readiness import recommending, scoring
from socialu.readiness.models import Answer, Assessment, AssessmentStatus, Respondent
from socialu.readiness.questions import Dimension, ReadinessQuestion, default_questions
from socialu.readiness.services import token_hash


def assessments_list(*, organisation: Organisation) -> QuerySet[Assessment]:
    """Return the organisation's assessments, newest first, with respondent counts."""
    return Assessment.objects.filter(organisation=organisation).annotate(
        respondent_count=Count("respondents"),
        submitted_count=Count("respondents", filter=Q(respondents__submitted_at__isnull=False)),
    )


def assessment_get(*, organisation: Organisation, assessment_id: int) -> Assessment | None:
    return Assessment.objects.filter(organisation=organisation, pk=assessment_id).first()


def latest_with_results(*, organisation: Organisation) -> Assessment | None:
    """Return the most recently closed assessment, or else the open one most recently opened."""
    closed = Assessment.objects.filter(organisation=organisation, status=AssessmentStatus.CLOSED)
    latest = closed.order_by("-closed_at", "-pk").first()
    if latest is None:
        opened = Assessment.objects.filter(organisation=organisation, status=AssessmentStatus.OPEN)
        latest = opened.order_by("-opened_at", "-pk").first()
    return latest


def respondent_for_token(*, raw: str) -> Respondent | None:
    """Return the respondent whose link carries *raw*, or None."""
    if not raw or len(raw) > 100:
        return None
    return (
        Respondent.objects.select_related("assessment", "assessment__organisation", "person")
        .filter(token_hash=token_hash(raw))
        .first()
    )


def answers_for(*, respondent: Respondent) -> dict[str, Answer]:
    return {answer.question: answer for answer in Answer.objects.filter(respondent=respondent)}


@dataclass(frozen=True)
class Progress:
    total: int
    submitted: int
    answered: int  # started but not yet sent
    not_started: int

    @property
    def responded(self) -> int:
        return self.submitted + self.answered


def assessment_progress(*, assessment: Assessment) -> Progress:
    """Count respondents who have sent their answers, started, or not started."""
    respondents = Respondent.objects.filter(organisation_id=assessment.organisation_id, assessment=assessment)
    counts = respondents.aggregate(total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
    has_answer = Answer.objects.filter(respondent=OuterRef("pk"))
    started = respondents.filter(Exists(has_answer), submitted_at__isnull=True).count()
    total, submitted = counts["total"] or 0, counts["submitted"] or 0
    return Progress(total=total, submitted=submitted, answered=started, not_started=total - submitted - started)


def previous_closed(*, assessment: Assessment) -> Assessment | None:
    """Return the organisation's closed assessment before this one, for the trend."""
    earlier = Assessment.objects.filter(
        organisation_id=assessment.organisation_id, status=AssessmentStatus.CLOSED
    ).exclude(pk=assessment.pk)
    if assessment.closed_at is not None:
        earlier = earlier.filter(closed_at__lt=assessment.closed_at)
    return earlier.order_by("-closed_at", "-pk").first()


# --- Results ----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class QuestionRow:
    question: ReadinessQuestion
    score: scoring.QuestionScore | None
    change: float | None
    distribution: tuple[tuple[int, int], ...]  # (point, count)
    most: int


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    score: scoring.DimensionScore | None
    change: float | None


@dataclass(frozen=True)
class Results:
    score: scoring.AssessmentScore
    recommendations: recommending.Recommendations
    dimensions: tuple[DimensionRow, ...]
    questions: tuple[QuestionRow, ...]
    previous: Assessment | None
    trend: scoring.Trend | None
    notes: tuple[tuple[str, str, str], ...]  # (question title, who, note); who is empty when anonymous

    @property
    def index_rounded(self) -> int:
        return round(self.score.index)


def _score(assessment: Assessment) -> tuple[scoring.AssessmentScore, list[scoring.Response]]:
    _, questions = default_questions()
    responses = responses_for(assessment=assessment)
    return scoring.score_assessment([q.definition() for q in questions], responses), responses


def assessment_results(*, assessment: Assessment) -> Results:
    """Score the assessment with the pure modules and lay the numbers out for the results page."""
    dimensions, questions = default_questions()
    score, responses = _score(assessment)
    recommendations = recommending.recommend(score, responses)
    previous = previous_closed(assessment=assessment)
    trend = None
    if previous is not None:
        previous_score, previous_responses = _score(previous)
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
            )
        )
    return Results(
        score=score,
        recommendations=recommendations,
        dimensions=tuple(
            DimensionRow(
                dimension=d,
                score=by_dimension.get(d.slug),
                change=trend.dimension_changes.get(d.slug) if trend else None,
            )
            for d in dimensions
        ),
        questions=tuple(question_rows),
        previous=previous,
        trend=trend,
        notes=_notes(assessment, {q.slug: q.title for q in questions}),
    )


def _notes(assessment: Assessment, titles: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    rows = (
        Answer.objects.filter(organisation_id=assessment.organisation_id, respondent__assessment=assessment)
        .exclude(note="")
        .order_by("question", "pk")
        .values_list("question", "respondent__person__name", "note")
    )
    order = {slug: position for position, slug in enumerate(titles)}
    ordered = sorted(rows, key=lambda row: order.get(row[0], len(order)))
    return tuple(
        (titles.get(question, question), "" if assessment.anonymous else name, note) for question, name, note in ordered
    )


def respondents_of(*, assessment: Assessment) -> list[Respondent]:
    """Return the assessment's respondents with their person (audience and unit loaded)."""
    return list(
        Respondent.objects.filter(organisation=assessment.organisation, assessment=assessment)
        .select_related("person", "person__unit")
        .order_by("pk")
    )
