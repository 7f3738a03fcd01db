"""REST API operations of the programme dashboard app.

``GET /orgs/{org_slug}/dashboard`` returns the same figures as the page, with
the same optional filters. Authentication is applied by the API that mounts
this router (``socialu.config.api``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from socialu.core.api import api_context
from socialu.core.permissions import Capability
from socialu.dashboard import services
from socialu.dashboard.presenting import dashboard_as_dict
from socialu.dashboard.selectors import DashboardFilters

router = Router(tags=["Programme dashboard"])


class FiltersOut(Schema):
    unit: int | None = Field(description="The division (a top-level unit id) the figures are narrowed to.")
    audience: str
    location: str


class TierShareOut(Schema):
    id: int
    name: str
    holders: int = Field(description="Active people holding a current certificate of this tier.")
    percent: float = Field(description="Holders as a share of active people, in percent.")
    target_people: int = Field(description="How many holders the organisation's target asks for.")
    still_needed: int
    target_met: bool


class TierCellOut(Schema):
    tier: str
    holders: int
    percent: float


class BreakdownOut(Schema):
    label: str
    headcount: int = Field(description="Active people.")
    tiers: list[TierCellOut]


class WeekOut(Schema):
    week_start: str = Field(description="The Monday the ISO week starts on.")
    completions: int


class CourseOut(Schema):
    slug: str
    title: str
    average_days: float | None = Field(description="Average days from enrolment to completion.")
    completed: int
    still_open: int = Field(description="Active people enrolled who have not finished.")
    still_open_percent: float


class DashboardOut(Schema):
    computed_at: str | None = Field(description="When the figures were counted.")
    stale: bool = Field(description="True while newer figures are being counted in the background.")
    filters: FiltersOut
    headcount: int = Field(description="Active people.")
    target_percent: int = Field(description="The share of the workforce the organisation aims to certify.")
    tiers: list[TierShareOut]
    by_division: list[BreakdownOut]
    by_audience: list[BreakdownOut]
    by_location: list[BreakdownOut] = Field(description="The largest locations, then the rest together.")
    completions_per_week: list[WeekOut]
    slowest_courses: list[CourseOut]


@router.get("/orgs/{org_slug}/dashboard", response=DashboardOut, summary="The programme dashboard's figures")
def get_programme_dashboard(
    request: HttpRequest, org_slug: str, unit: int | None = None, audience: str = "", location: str = ""
) -> dict[str, Any]:
    """Return certified shares per tier against the target (overall and by division, audience and location),
    completions per week and the slowest courses, optionally for one division, audience or location."""
    context = api_context(request, org_slug, Capability.VIEW_PROGRAMME_DASHBOARD)
    filters = DashboardFilters(unit_id=unit, audience=audience.strip(), location=location.strip())
    return dashboard_as_dict(services.programme_dashboard(organisation=context.organisation, filters=filters))
