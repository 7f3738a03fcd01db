"""One organisation never sees into another: every scoped page and API endpoint answers 404.

Two checks, both over routes discovered from the URL resolver and the OpenAPI
document, so new pages and endpoints are covered without editing this file:

1. A programme admin of organisation B opens organisation A's URLs: 404.
2. The same admin opens B's URLs naming A's objects (a person, a unit, an
   import job…): 404.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.core.test_permissions_matrix import (
    API_OPERATIONS,
    OrgRoute,
    api_call,
    api_path_objects,
    fill_arguments,
    open_route,
    org_routes,
)
from tests.factories import OrganisationFactory, UserFactory, member

if TYPE_CHECKING:
    pass

ROUTES = org_routes()
# A scheduled job's key names an entry of the schedule registry, the same in
# every organisation, not an object an organisation owns. An audience rule's
# position is its number in the organisation's own list ("rule 2"), so it
# always names a rule of the organisation in the URL (tests/people/test_audience_rules.py
# checks that removing one leaves another organisation's rules alone).
SHARED_ARGUMENTS = {("job_key",), ("position",)}
OBJECT_ROUTES = [route for route in ROUTES if route.arguments and route.arguments not in SHARED_ARGUMENTS]


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


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_anonymous_visitors_are_sent_to_sign_in(db: None, route: OrgRoute, victim: Organisation) -> None:
    arguments = fill_arguments(route, organisation=victim, requester=UserFactory.create())
    url = reverse(route.name, kwargs={"org_slug": victim.slug, **arguments})

    response = open_route(Client(), url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# API endpoints --------------------------------------------------------------------------------


def _victim_objects(victim: Organisation, path: str, requester: User) -> dict[str, Any]:
    return api_path_objects(path, organisation=victim, requester=requester)


@pytest.mark.parametrize(
    ("path", "method", "operation"), API_OPERATIONS, ids=[operation for _, _, operation in API_OPERATIONS]
)
def test_api_answers_404_to_an_admin_of_another_organisation(
    db: None, path: str, method: str, operation: str, victim: Organisation, attacker: User
) -> None:
    response = api_call(
        attacker,
        path=path,
        method=method,
        operation=operation,
        org_slug=victim.slug,
        objects=_victim_objects(victim, path, attacker),
    )
    assert response.status_code == 404, f"{method.upper()} {path} answered {response.status_code} to an outsider"


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    [
        operation
        for operation in API_OPERATIONS
        if re.search(r"{(?!org_slug)\w+}", operation[0])
        and "{job_key}" not in operation[0]
        and "{position}" not in operation[0]
    ],
    ids=str,
)
def test_api_objects_of_another_organisation_are_not_found_through_your_own(
    db: None,
    path: str,
    method: str,
    operation: str,
    victim: Organisation,
    attacker_org: Organisation,
    attacker: User,
) -> None:
    response = api_call(
        attacker,
        path=path,
        method=method,
        operation=operation,
        org_slug=attacker_org.slug,
        objects=_victim_objects(victim, path, attacker),
    )
    assert response.status_code == 404, f"{method.upper()} {path} answered {response.status_code}"
