"""People pages: the organisation home, directory, units and roster import."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people import selectors


@org_view(Capability.VIEW_HOME)
def org_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the organisation's home page for the current member."""
    summary = selectors.home_summary(organisation=org.organisation)
    return render(request, "people/org_home.html", {"summary": summary})
