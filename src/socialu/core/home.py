"""Panels on an organisation's home page, contributed by the apps that own what they show.

The home page belongs to a low layer (people) that may not import governance,
learning or certification. Those apps register a panel when Django starts; the
home page renders whichever panels have something to say to the current
member ("two policies to acknowledge", "three accounts need attention").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext

# (request, organisation context) → the panel's HTML, or None when it has nothing to show.
PanelRenderer = Callable[[HttpRequest, OrgContext], SafeString | None]


@dataclass(frozen=True)
class HomePanel:
    """One panel: shown to members holding ``capability``, in ``order`` (lower first)."""

    key: str
    order: int
    capability: Capability
    render: PanelRenderer


_PANELS: dict[str, HomePanel] = {}


def home_panel_register(panel: HomePanel) -> None:
    """Add *panel* (registering the same key again replaces it)."""
    _PANELS[panel.key] = panel


def home_panels_render(request: HttpRequest, org: OrgContext) -> list[SafeString]:
    """Return the HTML of every panel the current member may see that has something to show."""
    rendered: list[SafeString] = []
    for panel in sorted(_PANELS.values(), key=lambda item: (item.order, item.key)):
        if not org.can(panel.capability):
            continue
        html = panel.render(request, org)
        if html:
            rendered.append(html)
    return rendered
