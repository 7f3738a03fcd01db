"""How API requests prove who they are: an API bearer token or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from socialu.accounts import services
from socialu.core.api import TOKEN_GRANT_ATTRIBUTE, TokenGrant
from socialu.core.permissions import Scope

# The scopes that open the REST API; a token with only ``scim`` opens nothing here.
REST_SCOPES = frozenset({Scope.READ.value, Scope.WRITE.value, Scope.ADMIN.value})


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with an API token.

    An unknown, revoked or expired token, or one whose scopes do not open the
    REST API (a SCIM token), authenticates nobody, so the request is answered
    401. What the token's scopes allow is decided with the roles, in
    ``core.tenancy.require``.
    """

    openapi_description = (
        "An API token (`Authorization: Bearer su_…`), made on the API tokens page, with `socialu token create`, "
        "or by an admin over the API. A token belongs to one organisation and carries scopes: "
        "`read` (every GET), `write` (changes; includes read), `admin` (members, operations, the audit log and "
        "people's data; includes read and write) and `scim` (the SCIM endpoints only). Each operation lists the "
        "scope it needs under `security`; the token's user must also hold a role that allows it."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = services.api_token_use(raw=token.strip())
        if found is None or not REST_SCOPES & set(found.scopes):
            return None
        # Endpoints read request.user whichever way the caller signed in.
        request.user = found.user
        setattr(request, TOKEN_GRANT_ATTRIBUTE, TokenGrant(found.organisation_id, frozenset(found.scopes)))
        # The audit log names the token (by its visible prefix) behind each change.
        request.socialu_api_token = f"token {found.prefix}…"  # type: ignore[attr-defined]
        return found.user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""


def api_auth() -> list[Any]:
    """Return the authentication methods every API endpoint accepts, tried in order."""
    return [ApiTokenAuth(), BrowserSessionAuth()]
