"""REST API operations of the practice sandbox app.

Scenarios, drafts and submissions for the signed-in person, the review queue,
and reviews. The model answer of a scenario is only returned to someone who
has submitted an answer to it. Authentication is applied by the API that
mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context, linked_person
from socialu.core.permissions import Capability
from socialu.core.text import keeps_control_characters
from socialu.practice import presenting, scoring, selectors, services
from socialu.practice.drafting import MAX_SUBMIT_CHARACTERS, controls_message, too_long_message
from socialu.practice.models import AttemptStatus, Scenario

router = Router(tags=["Practice sandbox"])


class ScenarioSummaryOut(Schema):
    slug: str
    title: str
    platform: str
    account_kind: str
    audiences: list[str]
    difficulty: str
    situation_type: str
    task: str


class ReplyingToOut(Schema):
    author: str
    author_kind: str
    text: str


class CriterionOut(Schema):
    strong: str
    weak: str


class ScenarioOut(ScenarioSummaryOut):
    brief: str
    replying_to: ReplyingToOut | None
    good_looks_like: list[str]
    rubric: dict[str, CriterionOut]
    model_answer: str | None = Field(description="Only once you have submitted an answer to this scenario.")
    model_answer_notes: str | None
    pitfalls: list[str] | None = Field(description="Only once you have submitted an answer to this scenario.")
    draft: str | None = Field(description="Your saved draft, if you have one.")


class DraftIn(Schema):
    text: str = Field(
        description=f"Your answer. It may be saved at any length up to 200,000 characters; "
        f"it can be submitted at up to {MAX_SUBMIT_CHARACTERS:,}."
    )


class DraftOut(Schema):
    attempt_id: int
    status: str
    length: int
    can_submit: bool
    notes: list[str] = Field(description="What the learner should know: removed control characters, too long.")


class SubmitIn(Schema):
    text: str | None = Field(None, description="The answer to submit; leave out to submit the saved draft.")


class PracticeAttemptOut(Schema):
    id: int
    scenario: str
    scenario_title: str
    person: str
    status: str
    verdict: str
    mean_score: float | None
    passed: bool | None
    created_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None


class ReviewIn(Schema):
    clarity: int = Field(ge=1, le=5)
    tone: int = Field(ge=1, le=5)
    policy_compliance: int = Field(ge=1, le=5)
    helpfulness: int = Field(ge=1, le=5)
    platform_fit: int = Field(ge=1, le=5)
    overall_comment: str
    comments: dict[str, str] = Field(default_factory=dict, description="criterion → an optional comment.")


class ReviewOut(Schema):
    id: int
    attempt_id: int
    mean_score: float
    passed: bool
    decisive: bool = Field(description="False when the reviewer's review is advice and did not decide the verdict.")
    reasons: list[str]


def _scenario(context: ApiContext, scenario_slug: str) -> Scenario:
    scenario = selectors.scenario_get(organisation=context.organisation, slug=scenario_slug)
    if scenario is None:
        raise Http404("There is no such scenario.")
    return scenario


def _summary(scenario: Scenario) -> dict[str, Any]:
    return {
        "slug": scenario.slug,
        "title": scenario.title,
        "platform": scenario.platform,
        "account_kind": scenario.account_kind,
        "audiences": list(scenario.audiences or []),
        "difficulty": scenario.difficulty,
        "situation_type": scenario.situation_type,
        "task": scenario.task,
    }


@router.get(
    "/orgs/{org_slug}/practice/scenarios",
    response=list[ScenarioSummaryOut],
    summary="List the practice scenarios",
)
def list_practice_scenarios(
    request: HttpRequest,
    org_slug: str,
    *,
    platform: str = "",
    difficulty: str = "",
    situation_type: str = "",
    audience: str = "",
) -> list[dict[str, Any]]:
    """Return the active scenarios, easiest first, narrowed by any of the filters."""
    context = api_context(request, org_slug, Capability.PRACTISE)
    filters = selectors.ScenarioFilters(
        platform=platform, difficulty=difficulty, situation_type=situation_type, audience=audience
    )
    return [_summary(s) for s in selectors.scenario_list(organisation=context.organisation, filters=filters)]


@router.get(
    "/orgs/{org_slug}/practice/scenarios/{scenario_slug}",
    response=ScenarioOut,
    summary="Get a practice scenario",
)
def get_practice_scenario(request: HttpRequest, org_slug: str, scenario_slug: str) -> dict[str, Any]:
    """Return the scenario with its brief and rubric; the model answer only after you submitted an answer."""
    context = api_context(request, org_slug, Capability.PRACTISE)
    scenario = _scenario(context, scenario_slug)
    person = context.person
    revealed = selectors.has_submitted(organisation=context.organisation, person=person, scenario=scenario)
    draft = selectors.draft_for(organisation=context.organisation, person=person, scenario=scenario) if person else None
    replying_to = (
        {
            "author": scenario.replying_to_author,
            "author_kind": scenario.replying_to_author_kind,
            "text": scenario.replying_to_text,
        }
        if scenario.replying_to_text
        else None
    )
    return {
        **_summary(scenario),
        "brief": scenario.brief,
        "replying_to": replying_to,
        "good_looks_like": list(scenario.good_looks_like or []),
        "rubric": {row.name: {"strong": row.strong, "weak": row.weak} for row in presenting.rubric_rows(scenario)},
        "model_answer": scenario.model_answer if revealed else None,
        "model_answer_notes": scenario.model_answer_notes if revealed else None,
        "pitfalls": list(scenario.pitfalls or []) if revealed else None,
        "draft": draft.text if draft else None,
    }


@router.put(
    "/orgs/{org_slug}/practice/scenarios/{scenario_slug}/draft",
    response={200: DraftOut, 409: ErrorOut, 422: ErrorOut},
    summary="Save your draft answer",
)
@keeps_control_characters
def save_practice_draft(
    request: HttpRequest, org_slug: str, scenario_slug: str, payload: DraftIn
) -> Status[dict[str, Any]]:
    """Create or replace your draft answer to the scenario (control characters other than newline and tab removed)."""
    context = api_context(request, org_slug, Capability.PRACTISE)
    scenario = _scenario(context, scenario_slug)
    person = linked_person(context, why="SocialU cannot keep practice answers for you")
    saved = services.attempt_draft_save(
        organisation=context.organisation, person=person, scenario=scenario, text=payload.text
    )
    notes = [controls_message(saved.cleaned.removed_controls)]
    if saved.cleaned.too_long_to_submit:
        notes.append(too_long_message(len(saved.cleaned.text)))
    return Status(
        200,
        {
            "attempt_id": saved.attempt.pk,
            "status": saved.attempt.status,
            "length": len(saved.cleaned.text),
            "can_submit": not saved.cleaned.empty and not saved.cleaned.too_long_to_submit,
            "notes": [note for note in notes if note],
        },
    )


@router.post(
    "/orgs/{org_slug}/practice/scenarios/{scenario_slug}/submit",
    response={201: PracticeAttemptOut, 409: ErrorOut, 422: ErrorOut},
    summary="Submit your answer for review",
)
@keeps_control_characters
def submit_practice_attempt(
    request: HttpRequest, org_slug: str, scenario_slug: str, payload: SubmitIn
) -> Status[dict[str, Any]]:
    """Submit the text given (or your saved draft) for review; the draft is kept if the submit fails."""
    context = api_context(request, org_slug, Capability.PRACTISE)
    scenario = _scenario(context, scenario_slug)
    person = linked_person(context, why="SocialU cannot keep practice answers for you")
    text = payload.text
    if text is None:
        draft = selectors.draft_for(organisation=context.organisation, person=person, scenario=scenario)
        text = draft.text if draft else ""
    attempt = services.attempt_submit(organisation=context.organisation, person=person, scenario=scenario, text=text)
    attempt.person = person
    return Status(201, presenting.attempt_summary(attempt))


@router.get(
    "/orgs/{org_slug}/practice/attempts",
    response={200: list[PracticeAttemptOut], 409: ErrorOut},
    summary="List your practice answers",
)
def list_my_practice_attempts(request: HttpRequest, org_slug: str) -> Status[Any]:
    """Return every answer of yours, newest first, with its status and latest review score."""
    context = api_context(request, org_slug, Capability.PRACTISE)
    person = linked_person(context, why="SocialU cannot keep practice answers for you")
    attempts = selectors.attempts_for_listing(organisation=context.organisation, person=person)
    return Status(200, [presenting.attempt_summary(attempt) for attempt in attempts])


@router.get(
    "/orgs/{org_slug}/practice/review-queue",
    response=list[PracticeAttemptOut],
    summary="List answers waiting for review",
)
def practice_review_queue(
    request: HttpRequest, org_slug: str, scenario: str = "", platform: str = ""
) -> list[dict[str, Any]]:
    """Return submitted answers waiting for a first review, oldest first, leaving out your own."""
    context = api_context(request, org_slug, Capability.REVIEW_PRACTICE)
    attempts = selectors.review_queue(
        organisation=context.organisation, user_id=context.user_id, scenario_slug=scenario, platform=platform
    )
    return [presenting.attempt_summary(attempt) for attempt in attempts]


@router.post(
    "/orgs/{org_slug}/practice/attempts/{attempt_id}/reviews",
    response={201: ReviewOut, 409: ErrorOut, 422: ErrorOut},
    summary="Review a submitted answer",
)
def review_practice_attempt(
    request: HttpRequest, org_slug: str, attempt_id: int, payload: ReviewIn
) -> Status[dict[str, Any]]:
    """Score the answer on the five criteria (1–5) with an overall comment; the learner is emailed."""
    context = api_context(request, org_slug, Capability.REVIEW_PRACTICE)
    attempt = selectors.attempt_get(organisation=context.organisation, attempt_id=attempt_id)
    if attempt is None or attempt.status == AttemptStatus.DRAFT:
        raise Http404("There is no such answer waiting for review.")
    scores = {name: getattr(payload, name) for name in scoring.CRITERIA}
    review = services.review_submit(
        organisation=context.organisation,
        attempt=attempt,
        reviewer=request.auth,  # type: ignore[attr-defined]
        scores=scores,
        overall_comment=payload.overall_comment,
        comments=payload.comments,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "attempt_id": attempt.pk,
            "mean_score": review.mean_score,
            "passed": review.passed,
            "decisive": review.decisive,
            "reasons": list(scoring.outcome(scores).reasons),
        },
    )
