"""Pages for group sessions: the catalogue, a session, registering, the waitlist, admin work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.sessions import selectors


@org_view(Capability.VIEW_HOME)
def session_list(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List upcoming sessions."""
    sessions = selectors.catalogue(organisation=org.organisation)
    return render(request, "sessions/list.html", {"org": org, "sessions": sessions})


@org_view(Capability.VIEW_HOME)
def session_detail(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Show one session."""
    session = selectors.session_get(organisation=org.organisation, session_id=session_id, published_only=True)
    return render(request, "sessions/detail.html", {"org": org, "session": session})
