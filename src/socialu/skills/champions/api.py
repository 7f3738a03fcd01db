"""REST endpoints of the champions network."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context
from socialu.core.permissions import Capability
from socialu.people.selectors import unit_get
from socialu.skills.champions import selectors, services
from socialu.skills.models import ChampionAnnouncement, ChampionTerm, Nomination

router = Router(tags=["champions"])


class ChampionTermOut(Schema):
    id: int
    person_id: int
    name: str
    role: str = Field(description="champion or executive_sponsor.")
    unit: str
    location: str
    starts_on: date
    ends_on: date
    renewals: int


class CoverageRowOut(Schema):
    name: str
    people: int
    champions: int


class ChampionCoverageOut(Schema):
    divisions: list[CoverageRowOut]
    locations: list[CoverageRowOut]
    division_gaps: list[str]
    location_gaps: list[str]


class CoverageQuery(Schema):
    unit_id: int | None = Field(None, description="Coverage inside this unit (by its sub-units) instead.")


class NominationIn(Schema):
    person_id: int
    role: str = Field("champion", description="champion or executive_sponsor.")
    reason: str = Field(description="Why, in at least 20 characters.")


class NominationOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    nominator_kind: str = Field(description="self, manager or admin.")
    nominated_by: str
    reason: str
    status: str = Field(description="pending, approved or declined.")
    created_at: datetime


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class DecisionOut(Schema):
    status: str
    term: ChampionTermOut | None


class AnnouncementIn(Schema):
    title: str
    body: str = Field(description="Markdown.")


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    author: str
    created_at: datetime


class ActivityOut(Schema):
    person_id: int
    name: str
    reviews_given: int
    reviews_passed: int
    mean_review_score: float
    courses_completed: int
    endorsements_given: int
    badges: list[str]


class ChampionSettingsIn(Schema):
    leaderboard_enabled: bool
    term_months: int = Field(12, description="1 to 60.")


class ChampionSettingsOut(Schema):
    leaderboard_enabled: bool
    term_months: int


def _term(term: ChampionTerm) -> dict[str, Any]:
    return {
        "id": term.pk,
        "person_id": term.person_id,
        "name": term.person.name,
        "role": term.role,
        "unit": term.person.unit.path if term.person.unit else "",
        "location": term.person.location,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
        "renewals": term.renewals,
    }


def _nomination(nomination: Nomination) -> dict[str, Any]:
    return {
        "id": nomination.pk,
        "person_id": nomination.person_id,
        "name": nomination.person.name,
        "role": nomination.role,
        "nominator_kind": nomination.nominator_kind,
        "nominated_by": nomination.nominated_by_name,
        "reason": nomination.reason,
        "status": nomination.status,
        "created_at": nomination.created_at,
    }


def _announcement(post: ChampionAnnouncement) -> dict[str, Any]:
    return {
        "id": post.pk,
        "title": post.title,
        "body": post.body,
        "author": post.author_name,
        "created_at": post.created_at,
    }


def _term_or_404(context: ApiContext, term_id: int) -> ChampionTerm:
    term = selectors.term_get(organisation=context.organisation, term_id=term_id)
    if term is None:
        raise Http404(f"There is no term {term_id} in this organisation.")
    return term


@router.get("/orgs/{org_slug}/champions", response=list[ChampionTermOut], summary="List champions and sponsors")
def list_champions(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the running terms."""
    context = api_context(request, org_slug, Capability.VIEW_CHAMPIONS)
    return [_term(term) for term in selectors.terms_current(organisation=context.organisation)]


@router.get(
    "/orgs/{org_slug}/champions/coverage",
    response={200: ChampionCoverageOut, 404: ErrorOut},
    summary="Where champions are missing",
)
def get_champion_coverage(request: HttpRequest, org_slug: str, filters: Query[CoverageQuery]) -> dict[str, Any]:
    """Return people and champions per division (or per sub-unit of *unit_id*) and per location, and the gaps."""
    context = api_context(request, org_slug, Capability.VIEW_CHAMPIONS)
    unit = None
    if filters.unit_id is not None:
        unit = unit_get(organisation=context.organisation, unit_id=filters.unit_id)
        if unit is None:
            raise Http404(f"There is no unit {filters.unit_id} in this organisation.")
    found = selectors.coverage(organisation=context.organisation, unit=unit)
    return {
        "divisions": [{"name": n, "people": p, "champions": c} for n, p, c in found.divisions],
        "locations": [{"name": n, "people": p, "champions": c} for n, p, c in found.locations],
        "division_gaps": found.division_gaps,
        "location_gaps": found.location_gaps,
    }


@router.get("/orgs/{org_slug}/champions/activity", response=list[ActivityOut], summary="Champions' recognition")
def list_champion_activity(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return each champion's activity and badges, quality first; empty when an admin turned the table off."""
    context = api_context(request, org_slug, Capability.VIEW_CHAMPIONS)
    settings = selectors.champion_settings(organisation=context.organisation)
    if not settings.leaderboard_enabled and not context.can(Capability.MANAGE_CHAMPIONS):
        return []
    people = [term.person for term in selectors.terms_current(organisation=context.organisation)]
    return [
        {
            "person_id": item.person.pk,
            "name": item.person.name,
            "reviews_given": item.reviews_given,
            "reviews_passed": item.reviews_passed,
            "mean_review_score": item.mean_review_score,
            "courses_completed": item.courses_completed,
            "endorsements_given": item.endorsements_given,
            "badges": list(item.badges),
        }
        for item in selectors.activity_for(organisation=context.organisation, people=people)
    ]


@router.post(
    "/orgs/{org_slug}/champions/nominations",
    response={201: NominationOut, 409: ErrorOut},
    summary="Nominate a champion",
)
def nominate_champion(request: HttpRequest, org_slug: str, payload: NominationIn) -> Status[dict[str, Any]]:
    """Nominate yourself, someone you manage, or (as an admin) anyone, with a reason."""
    context = api_context(request, org_slug, Capability.NOMINATE_CHAMPIONS)
    me = context.person
    nomination = services.nomination_create(
        organisation=context.organisation,
        person_id=payload.person_id,
        role=payload.role,
        reason=payload.reason,
        nominator=me,
        nominator_user_id=context.user_id,
        nominator_name=me.name if me else "API",
        as_admin=context.can(Capability.MANAGE_CHAMPIONS),
    )
    return Status(201, _nomination(nomination))


@router.get("/orgs/{org_slug}/champions/nominations", response=list[NominationOut], summary="List nominations")
def list_nominations(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.MANAGE_CHAMPIONS)
    return [_nomination(n) for n in selectors.nominations_recent(organisation=context.organisation)]


@router.post(
    "/orgs/{org_slug}/champions/nominations/{nomination_id}/decision",
    response={200: DecisionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve or decline a nomination",
)
def decide_nomination(request: HttpRequest, org_slug: str, nomination_id: int, payload: DecisionIn) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_CHAMPIONS)
    nomination = selectors.nomination_get(organisation=context.organisation, nomination_id=nomination_id)
    if nomination is None:
        raise Http404(f"There is no nomination {nomination_id} in this organisation.")
    term = services.nomination_decide(
        organisation=context.organisation,
        nomination=nomination,
        approve=payload.approve,
        decided_by_id=context.user_id,
        note=payload.note,
    )
    return {"status": nomination.status, "term": _term(term) if term else None}


@router.post(
    "/orgs/{org_slug}/champions/terms/{term_id}/renewal",
    response={200: ChampionTermOut, 404: ErrorOut, 409: ErrorOut},
    summary="Renew a term",
)
def renew_champion_term(request: HttpRequest, org_slug: str, term_id: int) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_CHAMPIONS)
    return _term(services.term_renew(organisation=context.organisation, term=_term_or_404(context, term_id)))


@router.post(
    "/orgs/{org_slug}/champions/terms/{term_id}/end",
    response={200: ChampionTermOut, 404: ErrorOut, 409: ErrorOut},
    summary="End a term today",
)
def end_champion_term(request: HttpRequest, org_slug: str, term_id: int) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_CHAMPIONS)
    return _term(services.term_end(organisation=context.organisation, term=_term_or_404(context, term_id)))


@router.get(
    "/orgs/{org_slug}/champions/announcements", response=list[AnnouncementOut], summary="Champions' announcements"
)
def list_champion_announcements(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.USE_CHAMPION_SPACE)
    return [_announcement(post) for post in selectors.announcements(organisation=context.organisation, limit=100)]


@router.post(
    "/orgs/{org_slug}/champions/announcements",
    response={201: AnnouncementOut},
    summary="Post to the champions' space",
)
def post_champion_announcement(request: HttpRequest, org_slug: str, payload: AnnouncementIn) -> Status[dict[str, Any]]:
    context = api_context(request, org_slug, Capability.USE_CHAMPION_SPACE)
    me = context.person
    post = services.announcement_post(
        organisation=context.organisation,
        title=payload.title,
        body=payload.body,
        author_id=context.user_id,
        author_name=me.name if me else "API",
    )
    return Status(
        201,
        {
            "id": post.pk,
            "title": post.title,
            "body": post.body,
            "author": post.author_name,
            "created_at": post.created_at,
        },
    )


@router.put("/orgs/{org_slug}/champions/settings", response=ChampionSettingsOut, summary="Champion settings")
def update_champion_settings(request: HttpRequest, org_slug: str, payload: ChampionSettingsIn) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_CHAMPIONS)
    found = services.champion_settings_update(organisation=context.organisation, **payload.model_dump())
    return {"leaderboard_enabled": found.leaderboard_enabled, "term_months": found.term_months}
