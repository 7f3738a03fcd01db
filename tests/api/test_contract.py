"""The API keeps its own contract: schemathesis runs every operation against the live test server.

Every check that bears on the contract is on: no server error, every status
code and content type documented, headers and bodies as declared, and an
operation that needs a token refuses a request without one. The organisation in
the path is a real one the token's holder administers (with a person linked to
the account), so operations get past tenancy into their own validation; other
values are generated. The example count keeps the run to about a minute on two
cores.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from socialu.accounts import services
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import OrganisationFactory, PersonFactory, member

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
EXAMPLES_PER_OPERATION = 12

pytestmark = pytest.mark.contract


@pytest.fixture
def seeded(transactional_db: None) -> tuple[Organisation, str]:
    """An organisation with an admin holding every role, linked to a person, and their token."""
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    user = member(organisation, *Role, email="admin@acme.example")
    PersonFactory.create(organisation=organisation, user=user, email=user.email, audience=Audience.LEADERSHIP)
    _, raw = services.api_token_create(user=user, name="contract")
    return organisation, raw


def _spec() -> dict[str, Any]:
    """Return the document exactly as /api/v1/openapi.json serves it (building it needs no database)."""
    from ninja.responses import NinjaJSONEncoder

    from socialu.config.api import api

    document: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    return document


# One test per operation (schemathesis' lazy fixture loader does not run under this pytest).
schema = schemathesis.openapi.from_dict(_spec())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_its_contract(case: Any, seeded: tuple[Organisation, str], live_server: Any) -> None:
    organisation, token = seeded
    if "org_slug" in (case.path_parameters or {}):
        case.path_parameters["org_slug"] = organisation.slug
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
    )
