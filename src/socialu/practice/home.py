"""The practice sandbox's panel on the organisation home page: answers waiting for a reviewer."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.practice.selectors import review_queue_waiting


def review_queue_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Tell mentors, facilitators and admins how many practice answers wait for a first review."""
    waiting, oldest = review_queue_waiting(organisation=org.organisation, user_id=org.user_id)
    if oldest is None:
        return None
    html = render_to_string(
        "practice/_home_panel.html", {"org": org, "waiting": waiting, "oldest": oldest}, request=request
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def home_panels_register() -> None:
    """Register the practice sandbox's home panel (for those who follow learners' progress)."""
    home_panel_register(HomePanel("practice-queue", 30, Capability.VIEW_LEARNER_PROGRESS, review_queue_panel))
