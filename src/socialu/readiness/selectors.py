"""Reading readiness assessments: lists, progress, a respondent's answers and the results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from socialu.core.models import Organisation
from socialu.readiness.models import Answer, Assessment, AssessmentStatus, Respondent
from socialu.readiness.results import (  # re-exported: other apps read results from selectors
    Breakdown,
    DimensionRow,
    QuestionRow,
    Results,
    TrendPoint,
    assessment_results,
    previous_closed,
    respondents_of,
    responses_document,
    responses_for,
    results_document,
    trend_points,
)
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


__all__ = [
    "Breakdown",
    "DimensionRow",
    "Progress",
    "QuestionRow",
    "Results",
    "TrendPoint",
    "answers_for",
    "assessment_get",
    "assessment_progress",
    "assessment_results",
    "assessments_list",
    "latest_with_results",
    "previous_closed",
    "respondent_for_token",
    "respondents_of",
    "responses_document",
    "responses_for",
    "results_document",
    "trend_points",
]
