"""The champions network's panel on the organisation home page: nominations waiting and coverage gaps, for admins."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.skills.champions.selectors import coverage, nominations_pending


def champions_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Tell admins how many nominations wait for a decision and which divisions have no champion."""
    waiting = nominations_pending(organisation=org.organisation).count()
    gaps = coverage(organisation=org.organisation).division_gaps
    if not waiting and not gaps:
        return None
    html = render_to_string("skills/_home_panel.html", {"org": org, "waiting": waiting, "gaps": gaps}, request=request)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def home_panels_register() -> None:
    """Register the champions panel (for programme admins)."""
    home_panel_register(HomePanel("champions", 60, Capability.MANAGE_CHAMPIONS, champions_panel))
