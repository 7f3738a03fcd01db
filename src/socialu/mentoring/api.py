"""REST API operations of mentoring: programmes, profiles, the batch match, answers, check-ins and outcomes.

Admins (``manage_mentoring``) run programmes and matches; anyone (``take_part_in_mentoring``) offers to
mentor, asks for a mentor and works in their own pairings. Authentication is applied by the API that
mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, PageQuery, api_context, linked_person
from socialu.core.permissions import Capability
from socialu.mentoring import selectors, services
from socialu.mentoring.models import Pairing, Programme

router = Router(tags=["Mentoring"])


class MentoringProgrammeIn(Schema):
    name: str = Field(max_length=200)
    kind: str = Field("standard", description="standard, or reverse (juniors mentor leaders).")
    goals: str = ""
    length_weeks: int = 12
    cadence_days: int = Field(14, description="How often a pair is expected to meet.")
    default_capacity: int = 2
    response_days: int = Field(7, description="Days both sides have to accept a published match.")
    mentor_audiences: list[str] = []
    mentee_audiences: list[str] = []
    mentor_bands: list[str] = []
    mentee_bands: list[str] = []
    mentor_tier_slug: str = ""
    mentee_tier_slug: str = ""
    matching_opens: date | None = None
    matching_closes: date | None = None


class MentoringProgrammeOut(Schema):
    slug: str
    name: str
    kind: str
    goals: str
    length_weeks: int
    cadence_days: int
    default_capacity: int
    response_days: int
    mentor_audiences: list[str]
    mentee_audiences: list[str]
    mentor_bands: list[str]
    mentee_bands: list[str]
    matching_opens: date | None
    matching_closes: date | None


class MentorOfferIn(Schema):
    strengths: dict[str, float] = Field({}, description="Skill slug → score from 0 to 1.")
    capacity: int | None = Field(None, description="How many mentees; empty for the programme's default.")
    exclusions: list[int] = Field([], description="Ids of people you will not mentor.")
    languages: list[str] = []
    utc_offset_minutes: int | None = None
    opted_out: bool = False


class MenteeNeedsIn(Schema):
    needs: dict[str, float] = Field({}, description="Skill slug → importance from 1 to 3.")
    goals: str = ""
    languages: list[str] = []
    utc_offset_minutes: int | None = None
    location: str = Field("", description="Where you could meet in person; empty for online.")
    division_preference: str = Field("any", description="any, same or different.")
    opted_out: bool = False


class ProfileSavedOut(Schema):
    programme: str
    person_id: int


class MentorRequestIn(Schema):
    mentor_id: int
    repeat: bool = Field(False, description="Ask for someone you were paired with before.")


class MatchRunOut(Schema):
    proposed: int
    unmatched: int
    total_fit: float


class PublishedOut(Schema):
    published: int


class PairingOut(Schema):
    id: int
    programme: str
    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    status: str
    fit: float
    explanation: str
    respond_by: datetime | None
    mentee_response: str
    mentor_response: str
    started_at: datetime | None
    goals: str
    last_met_on: date | None
    closure_reason: str


class PairingListOut(Schema):
    count: int
    items: list[PairingOut]


class PairingQuery(PageQuery):
    status: str = ""


class PairingAdjustIn(Schema):
    mentor_id: int


class PairingAnswerIn(Schema):
    accept: bool


class PairingGoalsIn(Schema):
    goals: str


class CheckInIn(Schema):
    met: bool
    met_on: date | None = None
    worked_on: str = ""
    next_step: str = ""


class CheckInOut(Schema):
    id: int
    met: bool
    met_on: date | None
    worked_on: str
    next_step: str


class SurveyIn(Schema):
    stage: str = Field(description="midpoint or closing.")
    satisfaction: int = Field(description="1 (poor) to 5 (excellent).")
    comment: str = ""


class SurveyOut(Schema):
    id: int
    stage: str
    satisfaction: int


class PairingCloseIn(Schema):
    early: bool = False
    reason: str = ""
    rematch: bool = Field(False, description="Offer the mentee a new match (early closure only).")


class MentoringOutcomesOut(Schema):
    overall: dict[str, Any]
    by_unit: list[dict[str, Any]]
    by_audience: list[dict[str, Any]]
    closure_reasons: list[tuple[str, int]]
    mentor_load: dict[str, Any]


def _programme(context: ApiContext, programme_slug: str) -> Programme:
    programme = selectors.programme_get(organisation=context.organisation, slug=programme_slug)
    if programme is None:
        raise Http404
    return programme


def _pairing(context: ApiContext, pairing_id: int) -> Pairing:
    pairing = selectors.pairing_get(organisation=context.organisation, pairing_id=pairing_id)
    if pairing is None:
        raise Http404
    return pairing


def pairing_out(pairing: Pairing) -> dict[str, Any]:
    """Return a pairing as the API and the CLI show it."""
    return {
        "id": pairing.pk,
        "programme": pairing.programme.slug,
        "mentee_id": pairing.mentee_id,
        "mentee_name": pairing.mentee.name,
        "mentor_id": pairing.mentor_id,
        "mentor_name": pairing.mentor.name,
        "status": pairing.status,
        "fit": pairing.fit,
        "explanation": pairing.explanation,
        "respond_by": pairing.respond_by,
        "mentee_response": pairing.mentee_response,
        "mentor_response": pairing.mentor_response,
        "started_at": pairing.started_at,
        "goals": pairing.goals,
        "last_met_on": pairing.last_met_on,
        "closure_reason": pairing.closure_reason,
    }


@router.get(
    "/orgs/{org_slug}/mentoring/programmes", response=list[MentoringProgrammeOut], summary="List mentoring programmes"
)
def list_mentoring_programmes(request: HttpRequest, org_slug: str) -> list[Programme]:
    context = api_context(request, org_slug, Capability.TAKE_PART_IN_MENTORING)
    return list(selectors.programme_list(organisation=context.organisation))


@router.post(
    "/orgs/{org_slug}/mentoring/programmes",
    response={201: MentoringProgrammeOut, 409: ErrorOut},
    summary="Create a mentoring programme",
)
def create_mentoring_programme(request: HttpRequest, org_slug: str, payload: MentoringProgrammeIn) -> Status[Programme]:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    settings = services.ProgrammeSettings(**payload.model_dump())
    return Status(201, services.programme_create(organisation=context.organisation, settings=settings))


@router.put(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/mentors/{person_id}",
    response=ProfileSavedOut,
    summary="Offer a person as a mentor (admins)",
)
def save_mentor_profile(
    request: HttpRequest, org_slug: str, programme_slug: str, person_id: int, payload: MentorOfferIn
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    programme = _programme(context, programme_slug)
    offer = services.MentorOffer(**payload.model_dump())
    services.mentor_profile_save(
        organisation=context.organisation, programme=programme, person_id=person_id, offer=offer
    )
    return {"programme": programme.slug, "person_id": person_id}


@router.put(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/mentor-profile",
    response={200: ProfileSavedOut, 409: ErrorOut},
    summary="Offer to mentor in a programme",
)
def save_my_mentor_profile(
    request: HttpRequest, org_slug: str, programme_slug: str, payload: MentorOfferIn
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.TAKE_PART_IN_MENTORING)
    programme = _programme(context, programme_slug)
    person = linked_person(context, why="you cannot offer to mentor")
    offer = services.MentorOffer(**payload.model_dump())
    services.mentor_profile_save(
        organisation=context.organisation, programme=programme, person_id=person.pk, offer=offer
    )
    return {"programme": programme.slug, "person_id": person.pk}


@router.put(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/mentee-profile",
    response={200: ProfileSavedOut, 409: ErrorOut},
    summary="Ask for a mentor in a programme",
)
def save_my_mentee_profile(
    request: HttpRequest, org_slug: str, programme_slug: str, payload: MenteeNeedsIn
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.TAKE_PART_IN_MENTORING)
    programme = _programme(context, programme_slug)
    person = linked_person(context, why="you cannot ask for a mentor")
    needs = services.MenteeNeeds(**payload.model_dump())
    services.mentee_profile_save(
        organisation=context.organisation, programme=programme, person_id=person.pk, needs=needs
    )
    return {"programme": programme.slug, "person_id": person.pk}


@router.post(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/mentor-request",
    response={200: ProfileSavedOut, 409: ErrorOut},
    summary="Ask for a specific mentor",
)
def request_mentor(
    request: HttpRequest, org_slug: str, programme_slug: str, payload: MentorRequestIn
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.TAKE_PART_IN_MENTORING)
    programme = _programme(context, programme_slug)
    person = linked_person(context, why="you cannot ask for a mentor")
    services.mentor_request(
        organisation=context.organisation,
        programme=programme,
        mentee_id=person.pk,
        mentor_id=payload.mentor_id,
        repeat=payload.repeat,
    )
    return {"programme": programme.slug, "person_id": person.pk}


@router.post(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/match", response=MatchRunOut, summary="Run the batch match"
)
def run_mentoring_match(request: HttpRequest, org_slug: str, programme_slug: str) -> services.MatchRun:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    return services.match_run(organisation=context.organisation, programme=_programme(context, programme_slug))


@router.post(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/publish",
    response=PublishedOut,
    summary="Publish the proposals",
)
def publish_mentoring_proposals(request: HttpRequest, org_slug: str, programme_slug: str) -> dict[str, int]:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    count = services.proposals_publish(organisation=context.organisation, programme=_programme(context, programme_slug))
    return {"published": count}


@router.get(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/pairings",
    response=PairingListOut,
    summary="List a programme's pairings",
)
def list_mentoring_pairings(
    request: HttpRequest, org_slug: str, programme_slug: str, query: Query[PairingQuery]
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    rows = selectors.pairings(
        organisation=context.organisation, programme=_programme(context, programme_slug), status=query.status
    )
    page = rows[query.offset : query.offset + query.limit]
    return {"count": rows.count(), "items": [pairing_out(pairing) for pairing in page]}


@router.get(
    "/orgs/{org_slug}/mentoring/programmes/{programme_slug}/outcomes",
    response=MentoringOutcomesOut,
    summary="A programme's outcomes",
)
def mentoring_outcomes(request: HttpRequest, org_slug: str, programme_slug: str) -> selectors.Outcomes:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    return selectors.outcomes(organisation=context.organisation, programme=_programme(context, programme_slug))


@router.get("/orgs/{org_slug}/mentoring/my-pairings", response=list[PairingOut], summary="My mentoring pairings")
def my_mentoring_pairings(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.TAKE_PART_IN_MENTORING)
    person = context.person
    if person is None:
        return []
    return [pairing_out(pairing) for pairing in selectors.pairings_of(organisation=context.organisation, person=person)]


@router.patch(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}",
    response={200: PairingOut, 409: ErrorOut},
    summary="Give a proposal another mentor",
)
def adjust_mentoring_proposal(
    request: HttpRequest, org_slug: str, pairing_id: int, payload: PairingAdjustIn
) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_MENTORING)
    pairing = services.proposal_adjust(
        organisation=context.organisation, pairing=_pairing(context, pairing_id), mentor_id=payload.mentor_id
    )
    return pairing_out(pairing)


def _my_pairing(request: HttpRequest, org_slug: str, pairing_id: int, capability: Capability) -> tuple[Pairing, Any]:
    """Return the pairing and the caller's person; the capability is named at each operation (so the spec shows it)."""
    context = api_context(request, org_slug, capability)
    return _pairing(context, pairing_id), linked_person(context, why="you are in no pairing")


@router.post(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}/answer",
    response={200: PairingOut, 409: ErrorOut},
    summary="Accept or decline a match",
)
def answer_mentoring_match(
    request: HttpRequest, org_slug: str, pairing_id: int, payload: PairingAnswerIn
) -> dict[str, Any]:
    pairing, person = _my_pairing(request, org_slug, pairing_id, Capability.TAKE_PART_IN_MENTORING)
    return pairing_out(services.pairing_respond(pairing=pairing, person=person, accept=payload.accept))


@router.post(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}/goals",
    response={200: PairingOut, 409: ErrorOut},
    summary="Record the goals agreed at the first meeting",
)
def agree_mentoring_goals(
    request: HttpRequest, org_slug: str, pairing_id: int, payload: PairingGoalsIn
) -> dict[str, Any]:
    pairing, person = _my_pairing(request, org_slug, pairing_id, Capability.TAKE_PART_IN_MENTORING)
    return pairing_out(services.goals_agree(pairing=pairing, person=person, goals=payload.goals))


@router.post(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}/check-ins",
    response={201: CheckInOut, 409: ErrorOut},
    summary="Record a check-in",
)
def record_mentoring_check_in(request: HttpRequest, org_slug: str, pairing_id: int, payload: CheckInIn) -> Status[Any]:
    pairing, person = _my_pairing(request, org_slug, pairing_id, Capability.TAKE_PART_IN_MENTORING)
    return Status(201, services.check_in_record(pairing=pairing, person=person, **payload.model_dump()))


@router.post(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}/surveys",
    response={201: SurveyOut, 409: ErrorOut},
    summary="Answer the mid-point or closing survey",
)
def answer_mentoring_survey(request: HttpRequest, org_slug: str, pairing_id: int, payload: SurveyIn) -> Status[Any]:
    pairing, person = _my_pairing(request, org_slug, pairing_id, Capability.TAKE_PART_IN_MENTORING)
    return Status(201, services.survey_answer(pairing=pairing, person=person, **payload.model_dump()))


@router.post(
    "/orgs/{org_slug}/mentoring/pairings/{pairing_id}/close",
    response={200: PairingOut, 409: ErrorOut},
    summary="Close a pairing (completed, or early with a reason)",
)
def close_mentoring_pairing(
    request: HttpRequest, org_slug: str, pairing_id: int, payload: PairingCloseIn
) -> dict[str, Any]:
    pairing, person = _my_pairing(request, org_slug, pairing_id, Capability.TAKE_PART_IN_MENTORING)
    return pairing_out(services.pairing_close(pairing=pairing, person=person, **payload.model_dump()))
