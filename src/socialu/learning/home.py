"""Learning's panel on the organisation home page: the next lesson to take, and when it is due."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from socialu.core.home import HomePanel, home_panel_register
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.learning.selectors import my_learning
from socialu.people.selectors import person_for_user


def next_up_panel(request: HttpRequest, org: OrgContext) -> SafeString | None:
    """Show the course to continue and its next lesson, as My learning does; nothing when all is done."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        return None
    upcoming = my_learning(organisation=org.organisation, person=person).next
    if upcoming is None:
        return None
    context = {"org": org, "next": upcoming, "on_home": True}
    return mark_safe(render_to_string("learning/_next_up.html", context, request=request))  # noqa: S308 - escaped by the template engine


def home_panels_register() -> None:
    """Register learning's home panel."""
    home_panel_register(HomePanel("learning-next", 5, Capability.VIEW_OWN_LEARNING, next_up_panel))
