"""REST endpoints for readiness assessments: campaigns, respondents, responses, results and the question set.

Every path starts with ``/orgs/{org_slug}/readiness/``. Someone who is not a
member of the organisation gets 404; a member whose roles do not allow the
action gets 403. Programme admins run assessments; programme admins and
executive viewers read results. Keys are the public ones (``platform_fit``,
``executive_coaching``), exactly as ``socialu readiness score --json`` prints.
Authentication is applied by the API that mounts this router.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context
from socialu.core.audiences import Audience
from socialu.core.permissions import Capability
from socialu.people.selectors import people_in, units_in
from socialu.readiness import selectors, services
from socialu.readiness.models import Assessment
from socialu.readiness.question_set import selectors as question_selectors
from socialu.readiness.question_set import services as question_services
from socialu.readiness.questions import internal_slug

router = Router(tags=["Readiness"])


# Schemas --------------------------------------------------------------------------


class ResponseProgressOut(Schema):
    total: int = Field(description="How many people are asked.")
    submitted: int = Field(description="How many have sent their answers.")
    started: int = Field(description="How many have saved answers but not sent them.")
    not_started: int


class ReadinessQuestionOut(Schema):
    key: str = Field(description="The question key used in answers files and results, e.g. platform_fit.")
    number: int
    title: str
    prompt: str
    dimension: str
    weight: float
    custom: bool = Field(description="True for the organisation's own questions, false for the ten built in.")
    descriptors: dict[str, str] = Field(description="What answers 1, 3 and 5 look like.")


class AssessmentOut(Schema):
    id: int
    title: str
    status: str = Field(description="draft, open or closed.")
    anonymous: bool
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None


class AssessmentDetailOut(AssessmentOut):
    progress: ResponseProgressOut
    questions: list[ReadinessQuestionOut] = Field(description="The questions asked (kept as they were when it opened).")


class AssessmentIn(Schema):
    title: str = Field(description="For example “Readiness, spring 2027”.")
    anonymous: bool = Field(False, description="Never show who gave which answer.")


class RespondentsIn(Schema):
    person_ids: list[int] | None = Field(None, description="Add these people.")
    unit_id: int | None = Field(None, description="Add everyone active in this unit and the units below it.")
    audiences: list[str] | None = Field(
        None, description=f"Add everyone active in these audiences: {', '.join(Audience.values)}."
    )


class RespondentsOut(Schema):
    added: int = Field(description="How many people were new to the assessment.")
    total: int


class OpenIn(Schema):
    send_invitations: bool = Field(True, description="Email every respondent their personal link.")


class OpenOut(Schema):
    emailed: int
    assessment: AssessmentOut


class EmptyIn(Schema):
    pass


class QuestionIn(Schema):
    title: str
    prompt: str
    descriptors: dict[str, str] = Field(description='What answers 1, 3 and 5 look like: {"1": …, "3": …, "5": …}.')
    dimension: str = Field(
        "organisation-specific",
        description="direction, audience, organisation, governance, capability or organisation-specific.",
    )
    weight: float = Field(1.0, description="From 0.1 to 10.")


class WeightsIn(Schema):
    weights: dict[str, float] = Field(description="Question key → weight (0.1 to 10).")


class WeightsOut(Schema):
    changed: int
    questions: list[ReadinessQuestionOut]


# Helpers --------------------------------------------------------------------------


def _assessment_or_404(context: ApiContext, assessment_id: int) -> Assessment:
    assessment = selectors.assessment_get(organisation=context.organisation, assessment_id=assessment_id)
    if assessment is None:
        raise Http404(f"There is no assessment {assessment_id} in this organisation.")
    return assessment


def _question_rows(questions: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": q.key,
            "number": q.number,
            "title": q.title,
            "prompt": q.prompt,
            "dimension": q.dimension.replace("-", "_"),
            "weight": q.weight,
            "custom": q.custom,
            "descriptors": {str(point): text for point, text in q.descriptors.items()},
        }
        for q in questions
    ]


def _detail(assessment: Assessment) -> dict[str, Any]:
    progress = selectors.assessment_progress(assessment=assessment)
    return {
        **{field: getattr(assessment, field) for field in AssessmentOut.model_fields},
        "progress": {
            "total": progress.total,
            "submitted": progress.submitted,
            "started": progress.answered,
            "not_started": progress.not_started,
        },
        "questions": _question_rows(question_selectors.assessment_questions(assessment=assessment)),
    }


# Campaigns ------------------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/readiness/assessments", response=list[AssessmentOut], summary="List readiness assessments"
)
def list_assessments(request: HttpRequest, org_slug: str) -> list[Assessment]:
    """Return the organisation's assessments, newest first."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    return list(selectors.assessments_list(organisation=context.organisation))


@router.post(
    "/orgs/{org_slug}/readiness/assessments",
    response={201: AssessmentDetailOut, 422: ErrorOut},
    summary="Create a readiness assessment",
)
def create_assessment(request: HttpRequest, org_slug: str, payload: AssessmentIn) -> Status[dict[str, Any]]:
    """Create a draft assessment; add respondents, then open it."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    assessment = services.assessment_create(
        organisation=context.organisation,
        title=payload.title,
        anonymous=payload.anonymous,
        user=request.auth,  # type: ignore[attr-defined]
    )
    return Status(201, _detail(assessment))


@router.get(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}",
    response={200: AssessmentDetailOut, 404: ErrorOut},
    summary="Get an assessment with its response progress",
)
def get_assessment(request: HttpRequest, org_slug: str, assessment_id: int) -> dict[str, Any]:
    """Return the assessment, how many have answered, and the questions it asks."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    return _detail(_assessment_or_404(context, assessment_id))


@router.post(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}/respondents",
    response={200: RespondentsOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add respondents to an assessment",
)
def add_assessment_respondents(
    request: HttpRequest, org_slug: str, assessment_id: int, payload: RespondentsIn
) -> dict[str, int]:
    """Add people, a unit (with the units below it) or audiences; with nothing, leadership and management.

    People added while the assessment is open are emailed their link straight away.
    """
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    assessment = _assessment_or_404(context, assessment_id)
    unit = None
    if payload.unit_id is not None:
        unit = units_in(organisation=context.organisation).filter(pk=payload.unit_id).first()
        if unit is None:
            raise HttpError(422, f"There is no unit {payload.unit_id} in this organisation.")
    people = None
    if payload.person_ids is not None:
        people = list(people_in(organisation=context.organisation).filter(pk__in=payload.person_ids))
        unknown = sorted(set(payload.person_ids) - {person.pk for person in people})
        if unknown:
            raise HttpError(422, f"There is no person {', '.join(map(str, unknown))} in this organisation.")
    added = services.respondents_add(assessment=assessment, people=people, unit=unit, audiences=payload.audiences)
    return {"added": added, "total": selectors.assessment_progress(assessment=assessment).total}


@router.post(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}/open",
    response={200: OpenOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open an assessment and email the links",
)
def open_assessment(request: HttpRequest, org_slug: str, assessment_id: int, payload: OpenIn) -> dict[str, Any]:
    """Open a draft assessment: its questions and weights are fixed from now on."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    assessment = _assessment_or_404(context, assessment_id)
    emailed = services.assessment_open(assessment=assessment, send_invitations=payload.send_invitations)
    return {"emailed": emailed, "assessment": _assessment_or_404(context, assessment_id)}


@router.post(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}/close",
    response={200: AssessmentOut, 404: ErrorOut, 422: ErrorOut},
    summary="Close an assessment",
)
def close_assessment(request: HttpRequest, org_slug: str, assessment_id: int, payload: EmptyIn) -> Assessment:
    """Close an open assessment: no more answers are accepted and the results are final."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    return services.assessment_close(assessment=_assessment_or_404(context, assessment_id))


@router.get(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}/responses",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="List the responses to an assessment",
)
def list_assessment_responses(request: HttpRequest, org_slug: str, assessment_id: int) -> dict[str, Any]:
    """Return each respondent's answers and notes by question key.

    Named assessments include who answered. Anonymous ones never list anybody's answers (``withheld`` is
    true and ``message`` says why): read their results instead, which show the answers together.
    """
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    return selectors.responses_document(assessment=_assessment_or_404(context, assessment_id))


@router.get(
    "/orgs/{org_slug}/readiness/assessments/{assessment_id}/results",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Get the results of an assessment",
)
def get_assessment_results(request: HttpRequest, org_slug: str, assessment_id: int) -> dict[str, Any]:
    """Return the same shape as ``socialu readiness score --json`` plus per-question stats and the trend.

    ``index`` (0–100), ``level``, ``dimensions`` (key → average answer), ``disagreements`` (question keys),
    ``recommendations`` (format → recommended, optional or not_needed), ``next_steps`` (key and text),
    ``questions`` (key → mean, spread, distribution, score, weight) and ``trend``. An anonymous assessment
    that is still open, or that fewer than three people answered, returns ``withheld: true`` and a
    ``message`` instead; its groups of fewer than three are left out of the comparisons.
    """
    context = api_context(request, org_slug, Capability.VIEW_ASSESSMENT_RESULTS)
    return selectors.results_document(assessment=_assessment_or_404(context, assessment_id))


# The question set -----------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/readiness/questions", response=list[ReadinessQuestionOut], summary="List the readiness questions"
)
def list_readiness_questions(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the questions new assessments ask: the ten built in, then the organisation's own, with weights."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    return _question_rows(question_selectors.question_set(organisation=context.organisation))


@router.post(
    "/orgs/{org_slug}/readiness/questions",
    response={201: ReadinessQuestionOut, 422: ErrorOut},
    summary="Add a question of the organisation's own",
)
def create_readiness_question(request: HttpRequest, org_slug: str, payload: QuestionIn) -> Status[dict[str, Any]]:
    """Add a question; assessments opened from now on ask it after the ten."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    try:
        descriptors = {int(point): text for point, text in payload.descriptors.items()}
    except ValueError:
        raise HttpError(422, "Key the descriptors by answer: 1, 3 and 5.") from None
    created = question_services.question_create(
        organisation=context.organisation,
        title=payload.title,
        prompt=payload.prompt,
        descriptors=descriptors,
        dimension=internal_slug(payload.dimension),
        weight=payload.weight,
    )
    current = question_selectors.question_set(organisation=context.organisation)
    return Status(201, _question_rows([q for q in current if q.slug == created.slug])[0])


@router.put(
    "/orgs/{org_slug}/readiness/questions/weights",
    response={200: WeightsOut, 422: ErrorOut},
    summary="Set the weights of readiness questions",
)
def set_readiness_question_weights(request: HttpRequest, org_slug: str, payload: WeightsIn) -> dict[str, Any]:
    """Set how much questions count (by key); questions left out keep their weight. All or nothing."""
    context = api_context(request, org_slug, Capability.RUN_ASSESSMENTS)
    changed = question_services.question_weights_set(
        organisation=context.organisation,
        weights={internal_slug(key): value for key, value in payload.weights.items()},
    )
    return {
        "changed": changed,
        "questions": _question_rows(question_selectors.question_set(organisation=context.organisation)),
    }
