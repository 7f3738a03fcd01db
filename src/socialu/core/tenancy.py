"""Resolve the organisation a request is about, and who the user is there.

Views use :func:`org_view`; API endpoints use :func:`org_context_for` and
:func:`require`. A user who is not a member of an organisation gets 404 for
anything inside it, exactly as if it did not exist; a member whose roles do not
grant the capability gets 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from socialu.core.models import Organisation, RoleAssignment
from socialu.core.permissions import Capability, capabilities_for, scope_required, scopes_grant
from socialu.core.roles import Role

P = ParamSpec("P")


@dataclass(frozen=True)
class OrgContext:
    """The organisation in play and what the current user may do in it."""

    organisation: Organisation
    user_id: int
    roles: frozenset[str]
    # The scopes of the API token the request came with (None: a browser session, which has them all),
    # and whether the request changes something (its method is not GET or HEAD).
    token_scopes: frozenset[str] | None = None
    changes: bool = False

    @functools.cached_property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities_for(self.roles)

    def can(self, capability: Capability | str) -> bool:
        return Capability(capability) in self.capabilities

    @property
    def slug(self) -> str:
        return self.organisation.slug


def roles_of(*, user_id: int, organisation_id: int) -> frozenset[str]:
    """Return the roles the user holds in the organisation (empty if none)."""
    return frozenset(
        RoleAssignment.objects.filter(user_id=user_id, organisation_id=organisation_id).values_list("role", flat=True)
    )


def org_context_for(*, user: Any, slug: str) -> OrgContext:
    """Return the context for *user* in organisation *slug*, or raise Http404."""
    if user is None or not user.is_authenticated:
        raise Http404("No such organisation.")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    roles = roles_of(user_id=user.pk, organisation_id=organisation.pk)
    if not roles:
        raise Http404("No such organisation.")
    return OrgContext(organisation=organisation, user_id=user.pk, roles=roles)


def require(context: OrgContext, capability: Capability) -> None:
    """Raise PermissionDenied unless the context grants *capability* (by role, and by scope for a token)."""
    if not context.can(capability):
        raise PermissionDenied("Your role in this organisation does not allow this.")
    if context.token_scopes is not None and not scopes_grant(context.token_scopes, capability, changes=context.changes):
        needed = scope_required(capability, changes=context.changes)
        raise PermissionDenied(
            f"This API token does not carry the “{needed}” scope this needs. "
            "Create a token with that scope (API tokens page) and use it instead."
        )


def needs_two_step_setup(context: OrgContext) -> bool:
    """Return whether the organisation requires two-step sign-in of its admins and this admin has none yet."""
    if not context.organisation.require_mfa_for_admins or Role.PROGRAMME_ADMIN not in context.roles:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(
        user_id=context.user_id, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


OrgViewFunction = Callable[Concatenate[HttpRequest, OrgContext, P], HttpResponse]


def org_view(
    capability: Capability,
) -> Callable[[OrgViewFunction[P]], Callable[..., HttpResponse]]:
    """Decorate a view inside ``/o/<org_slug>/`` that needs *capability*.

    The view is called as ``view(request, org, **kwargs)``; anonymous users are
    sent to the login page.
    """

    def decorator(view: OrgViewFunction[P]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            context = org_context_for(user=request.user, slug=org_slug)
            if needs_two_step_setup(context):
                from django.contrib import messages
                from django.shortcuts import redirect

                messages.warning(
                    request,
                    f"{context.organisation.name} asks its programme admins to use two-step sign-in. "
                    "Set up an authenticator app or a security key to carry on.",
                )
                return redirect("mfa_index")
            require(context, capability)
            request.org = context  # type: ignore[attr-defined]
            return view(request, context, *args, **kwargs)

        wrapper.socialu_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
