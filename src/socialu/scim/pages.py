"""The SCIM admin page: the address to give the identity provider, its tokens and what it has provisioned."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.scim import selectors


@org_view(Capability.PROVISION_PEOPLE)
def scim_settings(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the SCIM base URL, the live scim-scoped tokens and the latest Users SCIM wrote."""
    base = request.build_absolute_uri(reverse("scim_root", args=[org.slug]))
    return render(
        request,
        "scim/settings.html",
        {
            "scim_base": base,
            "summary": selectors.scim_summary(organisation=org.organisation),
            "tokens": selectors.scim_tokens(organisation=org.organisation),
            "recent": selectors.scim_recent_users(organisation=org.organisation),
        },
    )
