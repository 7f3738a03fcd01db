"""How API requests prove who they are: a personal bearer token or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from socialu.accounts import services


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal API token.

    An unknown or revoked token authenticates nobody, so the request is
    answered 401.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.api_token_authenticate(raw=token.strip())
        if user is not None:
            # Endpoints read request.user whichever way the caller signed in.
            request.user = user
            # The audit log names the token (by its visible prefix) behind each change.
            request.socialu_api_token = f"token {token.strip()[: services.API_TOKEN_PREFIX_LENGTH]}…"  # type: ignore[attr-defined]
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""


def api_auth() -> list[Any]:
    """Return the authentication methods every API endpoint accepts, tried in order."""
    return [ApiTokenAuth(), BrowserSessionAuth()]
