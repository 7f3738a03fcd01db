"""REST endpoints of the skills app: the taxonomy, "find someone who can help", my skills, endorsements.

Every answer about a person says only *that* evidence exists (its kind, a label
and a date), never the content behind it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, PageQuery, api_context, linked_person
from socialu.core.permissions import Capability
from socialu.skills import selectors, services
from socialu.skills.evidence import EvidenceItem
from socialu.skills.models import Skill

router = Router(tags=["skills"])
MAX_EXPERTS = 200


class SkillOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="platform or practice.")
    description: str
    competencies: list[str] = Field(description="Curriculum competency slugs whose courses count as evidence.")
    is_active: bool


class SkillUpdateIn(Schema):
    name: str
    kind: str = Field("practice", description="platform or practice.")
    description: str = ""
    competencies: list[str] = Field(default_factory=list)
    is_active: bool = True


class SkillIn(SkillUpdateIn):
    slug: str = Field(description="Lower-case words joined by hyphens.")


class TaxonomyLoadOut(Schema):
    created: int
    updated: int
    unchanged: int


class EvidenceItemOut(Schema):
    skill: str
    kind: str = Field(description="course, quiz, practice, preflight, certificate, self_rating or endorsement.")
    label: str = Field(description="What the evidence is, in words; never its content.")
    occurred_at: datetime
    earned: bool = Field(description="False for claims: self-ratings and endorsements.")


class ExpertOut(Schema):
    person_id: int
    name: str
    job_title: str
    location: str
    score: float
    evidence: list[EvidenceItemOut]


class ExpertListOut(Schema):
    skill: str
    platform: str | None
    count: int
    items: list[ExpertOut]


class ExpertQueryIn(PageQuery):
    q: str = Field("", description="Free text naming a skill and/or platform, e.g. 'LinkedIn video'.")
    skill: str = Field("", description="A skill slug; wins over q.")
    platform: str = Field("", description="A platform skill slug; wins over q.")
    location: str = ""
    language: str = Field("", description="A language code such as de.")
    time_zone: str = ""
    audience: str = ""
    limit: int = Field(20, ge=1, description=f"Page size, at most {MAX_EXPERTS}.")


class MySkillOut(Schema):
    skill: str
    score: float
    evidence: list[EvidenceItemOut]


class ProfileIn(Schema):
    listed: bool = Field(True, description="False opts out of being found.")
    languages: list[str] = Field(default_factory=list)
    time_zone: str = ""


class ProfileOut(Schema):
    listed: bool
    languages: list[str]
    time_zone: str


class RatingIn(Schema):
    level: int | None = Field(None, description="1 (beginner) to 5 (expert); null removes the rating.")


class EndorsementIn(Schema):
    person_id: int


class EndorsementOut(Schema):
    person_id: int
    skill: str
    relation: str = Field(description="manager or peer.")
    created_at: datetime


def _item(item: EvidenceItem) -> dict[str, Any]:
    return {
        "skill": item.skill_slug,
        "kind": item.kind,
        "label": item.label,
        "occurred_at": item.occurred_at,
        "earned": item.earned,
    }


def _skill(skill: Skill) -> dict[str, Any]:
    return {
        "slug": skill.slug,
        "name": skill.name,
        "kind": skill.kind,
        "description": skill.description,
        "competencies": list(skill.competencies or []),
        "is_active": skill.is_active,
    }


def _skill_or_404(context: ApiContext, slug: str) -> Skill:
    skill = selectors.skill_get(organisation=context.organisation, slug=slug, active_only=False)
    if skill is None:
        raise Http404(f"There is no skill “{slug}” in this organisation.")
    return skill


def _expert(standing: selectors.Standing, items: tuple[EvidenceItem, ...]) -> dict[str, Any]:
    return {
        "person_id": standing.person.pk,
        "name": standing.person.name,
        "job_title": standing.person.job_title,
        "location": standing.person.location,
        "score": round(standing.score, 3),
        "evidence": [_item(item) for item in items],
    }


@router.get("/orgs/{org_slug}/skills", response=list[SkillOut], summary="List the skills taxonomy")
def list_skills(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return every skill, retired ones included."""
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    return [_skill(skill) for skill in selectors.skills_in(organisation=context.organisation, active_only=False)]


@router.post("/orgs/{org_slug}/skills", response={201: SkillOut, 409: ErrorOut}, summary="Add a skill")
def create_skill(request: HttpRequest, org_slug: str, payload: SkillIn) -> Status[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.MANAGE_SKILLS)
    skill = services.skill_save(organisation=context.organisation, create=True, **payload.model_dump())
    return Status(201, _skill(skill))


@router.put("/orgs/{org_slug}/skills/{skill_slug}", response={200: SkillOut, 404: ErrorOut}, summary="Change a skill")
def update_skill(request: HttpRequest, org_slug: str, skill_slug: str, payload: SkillUpdateIn) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_SKILLS)
    return _skill(services.skill_save(organisation=context.organisation, slug=skill_slug, **payload.model_dump()))


@router.post("/orgs/{org_slug}/skills-taxonomy/load", response=TaxonomyLoadOut, summary="Load the shipped taxonomy")
def load_taxonomy(request: HttpRequest, org_slug: str) -> dict[str, int]:
    """Add and update the shipped skills by slug; skills you added are kept."""
    context = api_context(request, org_slug, Capability.MANAGE_SKILLS)
    result = services.taxonomy_load_shipped(organisation=context.organisation)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


@router.get(
    "/orgs/{org_slug}/experts",
    response={200: ExpertListOut, 422: ErrorOut},
    summary="Find someone who can help with a skill",
)
def find_experts(request: HttpRequest, org_slug: str, filters: Query[ExpertQueryIn]) -> Status[dict[str, Any]]:
    """Return people ranked by evidence, each with at least two evidence items; opted-out people never appear."""
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    skill, platform = filters.skill, filters.platform
    if filters.q:
        named_skill, named_platform = selectors.terms_parse(organisation=context.organisation, text=filters.q)
        skill, platform = skill or named_skill, platform or named_platform
    query = selectors.ExpertQuery(
        skill=skill,
        platform=platform,
        location=filters.location,
        language=filters.language,
        time_zone=filters.time_zone,
        audience=filters.audience,
    )
    limit = min(filters.limit, MAX_EXPERTS)
    results = (
        selectors.experts_find(organisation=context.organisation, query=query, limit=filters.offset + limit)
        if skill
        else None
    )
    if results is None:
        return Status(422, {"detail": "Name a skill of the taxonomy (skill=…, or q=… with its name)."})
    page = results.standings[filters.offset :]
    return Status(
        200,
        {
            "skill": results.skill.slug,
            "platform": results.platform.slug if results.platform else None,
            "count": results.count,
            "items": [_expert(standing, standing.shown) for standing in page],
        },
    )


@router.get(
    "/orgs/{org_slug}/skills/{skill_slug}/standing",
    response={200: list[ExpertOut], 404: ErrorOut},
    summary="Everyone's standing in a skill",
)
def get_skill_standing(
    request: HttpRequest, org_slug: str, skill_slug: str, page: Query[PageQuery]
) -> list[dict[str, Any]]:
    """Return everyone with evidence in the skill, best first, with all their items (admins only)."""
    context = api_context(request, org_slug, Capability.MANAGE_SKILLS)
    skill = _skill_or_404(context, skill_slug)
    standings = selectors.skill_standing(context.organisation, skill)
    limit = min(page.limit, 1000)
    return [_expert(standing, standing.items) for standing in standings[page.offset : page.offset + limit]]


@router.get("/orgs/{org_slug}/me/skills", response={200: list[MySkillOut], 409: ErrorOut}, summary="My evidence")
def get_my_skills(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    person = linked_person(context, why="there is no evidence to show")
    return [
        {
            "skill": strength.skill.slug,
            "score": round(strength.score, 3),
            "evidence": [_item(i) for i in strength.items],
        }
        for strength in selectors.my_evidence(organisation=context.organisation, person=person)
    ]


@router.put(
    "/orgs/{org_slug}/me/skills/profile", response={200: ProfileOut, 409: ErrorOut}, summary="Set how I am found"
)
def update_my_skills_profile(request: HttpRequest, org_slug: str, payload: ProfileIn) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    person = linked_person(context, why="preferences cannot be saved")
    profile = services.profile_update(organisation=context.organisation, person=person, **payload.model_dump())
    return {"listed": profile.listed, "languages": profile.languages, "time_zone": profile.time_zone}


@router.put(
    "/orgs/{org_slug}/me/skills/ratings/{skill_slug}",
    response={204: None, 404: ErrorOut, 409: ErrorOut},
    summary="Rate myself in a skill",
)
def rate_my_skill(request: HttpRequest, org_slug: str, skill_slug: str, payload: RatingIn) -> Status[None]:
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    _skill_or_404(context, skill_slug)
    person = linked_person(context, why="a rating cannot be saved")
    services.self_rating_set(
        organisation=context.organisation, person=person, skill_slug=skill_slug, level=payload.level
    )
    return Status(204, None)


@router.post(
    "/orgs/{org_slug}/skills/{skill_slug}/endorsements",
    response={201: EndorsementOut, 404: ErrorOut, 409: ErrorOut},
    summary="Endorse a colleague for a skill",
)
def endorse_colleague(
    request: HttpRequest, org_slug: str, skill_slug: str, payload: EndorsementIn
) -> Status[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.FIND_SKILLED_PEOPLE)
    _skill_or_404(context, skill_slug)
    endorser = linked_person(context, why="an endorsement cannot be recorded")
    endorsement = services.endorsement_add(
        organisation=context.organisation, endorser=endorser, person_id=payload.person_id, skill_slug=skill_slug
    )
    return Status(
        201,
        {
            "person_id": endorsement.person_id,
            "skill": skill_slug,
            "relation": endorsement.relation,
            "created_at": endorsement.created_at,
        },
    )
