"""The programme dashboard page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.dashboard import charts, services
from socialu.dashboard.forms import DashboardFilterForm, filters_from_query


def _is_partial(request: HttpRequest) -> bool:
    """Return whether htmx asked for the results only (not a history restore, which needs the page)."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@require_GET
@org_view(Capability.VIEW_PROGRAMME_DASHBOARD)
def programme_dashboard_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show who holds each tier against the target, completions per week and the slowest courses."""
    filters = filters_from_query(request.GET)
    dashboard = services.programme_dashboard(organisation=org.organisation, filters=filters)
    form = DashboardFilterForm(request.GET or None, divisions=dashboard.divisions, locations=dashboard.locations)
    target = dashboard.target_percent
    names = [tier.name for tier in dashboard.tiers]
    context = {
        "dashboard": dashboard,
        "form": form,
        "division_chart": charts.breakdown_chart(dashboard.by_division, target_percent=target, series_names=names),
        "audience_chart": charts.breakdown_chart(dashboard.by_audience, target_percent=target, series_names=names),
        "location_chart": charts.breakdown_chart(dashboard.by_location, target_percent=target, series_names=names),
        "week_chart": charts.week_chart(dashboard.weeks),
    }
    template = "dashboard/dashboard.html#results" if _is_partial(request) else "dashboard/dashboard.html"
    return render(request, template, context)
