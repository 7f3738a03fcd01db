"""Certification's panel on the organisation home page: what the member holds, or how close they are."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.certification.selectors import my_certification, my_standing
from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.people.selectors import person_for_user


def my_certification_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Show the highest tier held and the next tier with what is left to earn it."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        return None
    tiers = my_certification(organisation=org.organisation, person=person)
    if not tiers:
        return None
    held = [progress for progress in tiers if progress.current is not None]
    waiting = [progress for progress in tiers if progress.current is None]
    context = {
        "org": org,
        "held": held[-1] if held else None,
        "next": waiting[0] if waiting else None,
        "standing": my_standing(organisation=org.organisation, person=person) if held else None,
    }
    html = render_to_string("certification/_home_panel.html", context, request=request)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def home_panels_register() -> None:
    """Register certification's home panel."""
    home_panel_register(HomePanel("certification-mine", 20, Capability.VIEW_OWN_CERTIFICATES, my_certification_panel))
