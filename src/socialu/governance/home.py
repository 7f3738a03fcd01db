"""Governance's panels on the organisation home page: policies to acknowledge, accounts that need attention."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.governance.policies.selectors import pending_policies
from socialu.governance.registry.selectors import registry_problems
from socialu.people.selectors import person_for_user

MOST_PROBLEMS_SHOWN = 5


def pending_policies_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """List the policies the member still has to acknowledge, with a link to each."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        return None
    pending = pending_policies(organisation=org.organisation, person=person)
    if not pending:
        return None
    html = render_to_string("governance/_home_pending.html", {"org": org, "pending": pending}, request=request)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def registry_problems_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Show the most serious problems with the organisation's social media accounts and who should act."""
    problems = registry_problems(organisation=org.organisation)
    if not problems:
        return None
    ordered = sorted(problems, key=lambda problem: (problem.severity != "high", problem.account.pk))
    html = render_to_string(
        "governance/_home_registry.html",
        {"org": org, "problems": ordered[:MOST_PROBLEMS_SHOWN], "total": len(problems)},
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def home_panels_register() -> None:
    """Register governance's home panels."""
    home_panel_register(HomePanel("governance-pending", 10, Capability.VIEW_POLICIES, pending_policies_panel))
    home_panel_register(
        HomePanel("governance-registry", 40, Capability.MANAGE_ACCOUNT_REGISTRY, registry_problems_panel)
    )
