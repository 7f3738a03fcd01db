"""Knowledge sharing's panel on the home page: questions waiting for an answer, for the people they go to."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.community.selectors import questions_unanswered
from socialu.community.services import ROUTING_ROLES
from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext


def unanswered_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Show facilitators and champions the questions still waiting for an answer (routed to them)."""
    if not set(org.roles) & {str(role) for role in ROUTING_ROLES}:
        return None
    waiting = questions_unanswered(organisation=org.organisation)
    oldest = list(waiting[:5])
    if not oldest:
        return None
    html = render_to_string(
        "community/_home_panel.html", {"org": org, "count": waiting.count(), "questions": oldest}, request=request
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def home_panels_register() -> None:
    """Register the unanswered-questions panel."""
    home_panel_register(HomePanel("community-unanswered", 40, Capability.SHARE_KNOWLEDGE, unanswered_panel))
