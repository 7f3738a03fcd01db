"""REST API of accounts: the organisation's API tokens (list, create, revoke)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from socialu.accounts import selectors, services
from socialu.accounts.models import ApiToken, User
from socialu.core.api import api_context
from socialu.core.permissions import Capability, Scope

router = Router(tags=["API tokens"])

SCOPE_NAMES = ", ".join(scope.value for scope in Scope)


class ApiTokenOut(Schema):
    id: int
    name: str
    member_email: str = Field(description="The account the token acts as.")
    prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    scopes: list[str] = Field(description=f"Some of: {SCOPE_NAMES}.")
    created_at: datetime
    expires_at: datetime | None = Field(description="When it stops working (empty only for tokens made before expiry).")
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(description="The secret. It is shown in this answer only; SocialU keeps only its hash.")


class ApiTokenIn(Schema):
    name: str = Field(description="What will use it, for example “HR nightly sync”.")
    scopes: list[str] = Field(description=f"Some of: {SCOPE_NAMES}.")
    expires_at: datetime | None = Field(
        None, description="When it stops working: at most a year away; 90 days from now when left out."
    )


def _token_out(token: ApiToken, *, raw: str | None = None) -> dict[str, Any]:
    user: User = token.user
    out = {
        "id": token.pk,
        "name": token.name,
        "member_email": user.email,
        "prefix": token.prefix,
        "scopes": list(token.scopes),
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }
    if raw is not None:
        out["token"] = raw
    return out


@router.get("/orgs/{org_slug}/tokens", response=list[ApiTokenOut], summary="List the organisation's API tokens")
def list_organisation_tokens(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return every live API token made for the organisation, newest first (admins only)."""
    context = api_context(request, org_slug, Capability.MANAGE_MEMBERS)
    return [_token_out(token) for token in selectors.organisation_token_list(organisation=context.organisation)]


@router.post("/orgs/{org_slug}/tokens", response={201: ApiTokenCreatedOut}, summary="Create an API token for yourself")
def create_own_token(request: HttpRequest, org_slug: str, payload: ApiTokenIn) -> Status[dict[str, Any]]:
    """Create a token acting as you in this organisation; the answer holds its secret, this once."""
    context = api_context(request, org_slug, Capability.MANAGE_OWN_TOKENS)
    user = selectors.member_get(organisation=context.organisation, user_id=context.user_id)
    assert user is not None  # api_context found the caller's roles here
    token, raw = services.api_token_create(
        user=user,
        organisation=context.organisation,
        name=payload.name,
        scopes=payload.scopes,
        expires_at=payload.expires_at,
    )
    return Status(201, _token_out(token, raw=raw))


@router.post("/orgs/{org_slug}/tokens/{token_id}/revoke", response=ApiTokenOut, summary="Revoke an API token")
def revoke_organisation_token(request: HttpRequest, org_slug: str, token_id: int) -> dict[str, Any]:
    """Revoke any token made for the organisation (admins only); anything still using it is refused."""
    context = api_context(request, org_slug, Capability.MANAGE_MEMBERS)
    token = selectors.organisation_token_get(organisation=context.organisation, token_id=token_id)
    if token is None:
        raise Http404("No such token in this organisation.")
    return _token_out(services.api_token_revoke(token=token))
