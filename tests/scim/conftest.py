"""Fixtures for the SCIM tests: an organisation, a SCIM token and a SCIM client over the real WSGI application."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from scim2_client.engines.wsgi import WSGISCIMClient

from socialu.accounts import services
from socialu.accounts.models import User
from socialu.core.models import Organisation


@pytest.fixture
def scim_token(organisation: Organisation, admin_user: User) -> str:
    """Return the secret of a programme admin's token for this organisation with the scim scope."""
    _, raw = services.api_token_create(user=admin_user, organisation=organisation, name="Entra ID", scopes=["scim"])
    return raw


@pytest.fixture
def scim_base(organisation: Organisation) -> str:
    return f"/scim/v2/{organisation.slug}"


class Scim:
    """A JSON client for the SCIM service, as an identity provider would call it."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        send = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=body, content_type="application/scim+json")
        return send(f"{self.base}{path}", **kwargs)


@pytest.fixture
def scim(scim_base: str, scim_token: str) -> Scim:
    return Scim(scim_base, scim_token)


@pytest.fixture
def wsgi_scim_client(scim_base: str, scim_token: str) -> Iterator[WSGISCIMClient]:
    """Return scim2-client calling the real WSGI application in this process, inside the test's transaction."""
    # Like Django's test client: keep the test's database connection open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGISCIMClient(
            WSGIHandler(),
            base_url=f"http://localhost{scim_base}",
            headers={"Authorization": f"Bearer {scim_token}"},
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
