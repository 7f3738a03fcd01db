"""One organisation never sees into another: every scoped page and API endpoint answers 404.

Two checks, both over routes discovered from the URL resolver and the OpenAPI
document, so new pages and endpoints are covered without editing this file:

1. A programme admin of organisation B opens organisation A's URLs: 404.
2. The same admin opens B's URLs naming A's objects (a person, a unit, an
   import job…): 404.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.config.api import api
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.core.test_permissions_matrix import OrgRoute, fill_arguments, open_route, org_routes
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory, member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ROUTES = org_routes()
OBJECT_ROUTES = [route for route in ROUTES if route.arguments]

# A valid request body for each API operation that takes one, so that the
# organisation check, not input validation, decides the answer.
API_BODIES: dict[str, dict[str, Any]] = {
    "create_person": {"json": {"employee_id": "T1", "name": "Tess", "email": "tess@example.com"}},
    "update_person": {"json": {"name": "Changed"}},
    "import_roster": {"multipart": {"dry_run": "true"}},
}


def _api_operations() -> list[tuple[str, str, str]]:
    spec = api.get_openapi_schema()
    operations = []
    for path, methods in spec["paths"].items():
        if "{org_slug}" not in path:
            continue
        for method, operation in methods.items():
            operations.append((path, method, operation["operationId"].rsplit("_api_", 1)[-1]))
    return operations


API_OPERATIONS = _api_operations()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def victim() -> Organisation:
    organisation = OrganisationFactory.create(slug="victim", name="Victim Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="owner@victim.example")
    return organisation


@pytest.fixture
def attacker_org() -> Organisation:
    return OrganisationFactory.create(slug="attacker", name="Attacker plc")


@pytest.fixture
def attacker(attacker_org: Organisation) -> User:
    return member(attacker_org, Role.PROGRAMME_ADMIN, email="admin@attacker.example")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Web pages ------------------------------------------------------------------------------------


def test_there_are_organisation_pages_to_check() -> None:
    assert {"org_home", "members", "api_tokens"} <= {route.name for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_an_admin_of_another_organisation_gets_404(
    db: None, route: OrgRoute, victim: Organisation, attacker: User
) -> None:
    arguments = fill_arguments(route, organisation=victim, requester=attacker)
    url = reverse(route.name, kwargs={"org_slug": victim.slug, **arguments})

    response = open_route(_client(attacker), url)

    assert response.status_code == 404, f"{url} answered {response.status_code} to an outsider"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda route: route.name)
def test_objects_of_another_organisation_are_not_found_through_your_own(
    db: None, route: OrgRoute, victim: Organisation, attacker_org: Organisation, attacker: User
) -> None:
    if route.arguments == ("token_id",):
        # Tokens belong to a person: someone else's token is the foreign object.
        owner = member(victim, email="token-owner@victim.example")
        arguments = {"token_id": account_services.api_token_create(user=owner, name="theirs")[0].pk}
    else:
        arguments = fill_arguments(route, organisation=victim, requester=attacker)
    url = reverse(route.name, kwargs={"org_slug": attacker_org.slug, **arguments})

    response = open_route(_client(attacker), url)

    assert response.status_code == 404, f"{url} answered {response.status_code} for another organisation's object"


# API endpoints --------------------------------------------------------------------------------


def _api_call(
    user: User, *, path: str, method: str, operation: str, org_slug: str, objects: dict[str, int]
) -> TestResponse:
    _, raw = account_services.api_token_create(user=user, name="tenancy")
    url = path.replace("{org_slug}", org_slug)
    for name in re.findall(r"{(\w+)}", url):
        if name not in objects:
            pytest.fail(f"Teach the tenancy test how to make a “{name}” for {path}.")
        url = url.replace("{" + name + "}", str(objects[name]))
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "get":
        response: TestResponse = client.get(url, headers=headers)
        return response
    if operation not in API_BODIES:
        pytest.fail(f"Add an example body for the API operation “{operation}” to API_BODIES.")
    body = API_BODIES[operation]
    if "multipart" in body:
        data = {**body["multipart"], "file": SimpleUploadedFile("r.csv", b"Employee ID,Name,Email\n")}
        return client.generic(method.upper(), url, **_multipart(client, data), headers=headers)
    return client.generic(method.upper(), url, json.dumps(body["json"]), "application/json", headers=headers)


def _multipart(client: Client, data: dict[str, Any]) -> dict[str, Any]:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def _victim_objects(victim: Organisation) -> dict[str, int]:
    unit = UnitFactory.create(organisation=victim)
    return {"person_id": PersonFactory.create(organisation=victim, unit=unit).pk, "unit_id": unit.pk}


def test_there_are_api_operations_to_check() -> None:
    assert {"list_people", "get_person", "update_person"} <= {operation for _, _, operation in API_OPERATIONS}


@pytest.mark.parametrize(
    ("path", "method", "operation"), API_OPERATIONS, ids=[operation for _, _, operation in API_OPERATIONS]
)
def test_api_answers_404_to_an_admin_of_another_organisation(  # noqa: PLR0917
    db: None, path: str, method: str, operation: str, victim: Organisation, attacker: User
) -> None:
    response = _api_call(
        attacker, path=path, method=method, operation=operation, org_slug=victim.slug, objects=_victim_objects(victim)
    )
    assert response.status_code == 404, f"{method.upper()} {path} answered {response.status_code} to an outsider"


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    [operation for operation in API_OPERATIONS if re.search(r"{(?!org_slug)\w+}", operation[0])],
    ids=str,
)
def test_api_objects_of_another_organisation_are_not_found_through_your_own(  # noqa: PLR0917
    db: None,
    path: str,
    method: str,
    operation: str,
    victim: Organisation,
    attacker_org: Organisation,
    attacker: User,
) -> None:
    response = _api_call(
        attacker,
        path=path,
        method=method,
        operation=operation,
        org_slug=attacker_org.slug,
        objects=_victim_objects(victim),
    )
    assert response.status_code == 404, f"{method.upper()} {path} answered {response.status_code}"
