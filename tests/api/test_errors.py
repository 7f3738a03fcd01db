"""Every API error has the one documented body; bounds on pagination answer 422, never 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from socialu.accounts import services
from socialu.accounts.models import User
from socialu.core.models import Organisation

HUGE = 10**20
LISTS = [
    "/api/v1/orgs/acme/units",
    "/api/v1/orgs/acme/people",
    "/api/v1/orgs/acme/certificates",
    "/api/v1/orgs/acme/decision-log",
]


@pytest.fixture
def bearer(admin_user: User) -> dict[str, str]:
    _, raw = services.api_token_create(user=admin_user, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def _is_the_error_body(body: Any) -> bool:
    return (
        set(body) == {"detail", "errors"}
        and isinstance(body["detail"], str)
        and all(set(problem) == {"field", "message", "line"} for problem in body["errors"])
    )


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("parameter", ["offset", "limit"])
def test_a_huge_offset_or_limit_answers_422_naming_the_parameter(
    organisation: Organisation, bearer: dict[str, str], path: str, parameter: str
) -> None:
    response = Client().get(path, {parameter: HUGE}, headers=bearer)

    assert response.status_code == 422
    body = response.json()
    assert _is_the_error_body(body)
    assert [problem["field"] for problem in body["errors"]] == [parameter]


@pytest.mark.parametrize("path", LISTS)
def test_a_large_but_possible_offset_answers_an_empty_page(
    organisation: Organisation, bearer: dict[str, str], path: str
) -> None:
    response = Client().get(path, {"offset": 1_000_000_000}, headers=bearer)

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_body_that_is_not_json_answers_400_in_the_error_body(
    organisation: Organisation, bearer: dict[str, str]
) -> None:
    response = Client().post(
        "/api/v1/orgs/acme/people", b"\xff\xfe not json", content_type="application/json", headers=bearer
    )

    assert response.status_code == 400
    assert _is_the_error_body(response.json())


def test_no_token_answers_401_in_the_error_body_with_a_challenge(organisation: Organisation) -> None:
    response = Client().get("/api/v1/orgs/acme/people")

    assert response.status_code == 401
    assert _is_the_error_body(response.json())
    assert response["WWW-Authenticate"] == "Bearer"


def test_another_organisation_answers_404_in_the_error_body(
    organisation: Organisation, other_organisation: Organisation, bearer: dict[str, str]
) -> None:
    response = Client().get("/api/v1/orgs/globex/people", headers=bearer)

    assert response.status_code == 404
    assert _is_the_error_body(response.json())


def test_a_domain_error_answers_with_its_status_and_each_field(
    organisation: Organisation, bearer: dict[str, str]
) -> None:
    response = Client().post(
        "/api/v1/orgs/acme/people",
        {"employee_id": "E1", "name": "Ann", "email": "not an email", "audience": "observer"},
        content_type="application/json",
        headers=bearer,
    )

    assert response.status_code == 422
    body = response.json()
    assert _is_the_error_body(body)
    assert body["errors"][0]["field"] == "email"


def test_a_nul_character_in_a_filter_answers_422_not_a_database_error(
    organisation: Organisation, bearer: dict[str, str]
) -> None:
    response = Client().get("/api/v1/orgs/acme/spokesperson-register", {"tier": "T\x00"}, headers=bearer)

    assert response.status_code == 422
    body = response.json()
    assert _is_the_error_body(body)
    assert [problem["field"] for problem in body["errors"]] == ["tier"]
