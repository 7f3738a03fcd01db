"""POST /api/v1/orgs/{org_slug}/policy/check and POST /api/v1/policy/check."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.preflight import services
from tests.factories import member
from tests.preflight.conftest import rules_with_confidential_term

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ORG_URL = "/api/v1/orgs/acme/policy/check"
MY_URL = "/api/v1/policy/check"


def _post(url: str, body: dict[str, Any], user: User | None = None) -> TestResponse:
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {api_token_create(user=user, name='tests')[1]}"
    response: TestResponse = Client().post(url, json.dumps(body), content_type="application/json", headers=headers)
    return response


def test_a_post_is_checked_against_the_organisations_rules(organisation: Organisation) -> None:
    learner = member(organisation)
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))
    text = "Big day: Operation Osprey starts!"

    response = _post(ORG_URL, {"text": text, "platform": "x", "account_kind": "personal"}, learner)

    assert response.status_code == 200
    result = response.json()
    assert result["verdict"] == "block"
    finding = result["findings"][0]
    assert finding["rule_id"] == "confidential-term"
    assert finding["category"] == "confidential"
    assert finding["severity"] == "block"
    assert text[finding["start"] : finding["end"]] == "Operation Osprey"
    assert finding["message"] and finding["suggestion"]


def test_a_clean_post_passes(organisation: Organisation) -> None:
    response = _post(ORG_URL, {"text": "Out on the hills.", "platform": "LinkedIn"}, member(organisation))

    assert response.status_code == 200
    assert response.json() | {"length": 0} == {
        "verdict": "pass",
        "platform": "linkedin",
        "account_kind": "personal",
        "length": 0,
        "findings": [],
    }


def test_no_credentials_answer_401(organisation: Organisation) -> None:
    assert _post(ORG_URL, {"text": "Hi", "platform": "x"}).status_code == 401
    assert _post(MY_URL, {"text": "Hi", "platform": "x"}).status_code == 401


def test_another_organisation_answers_404(organisation: Organisation, other_organisation: Organisation) -> None:
    stranger = member(other_organisation, Role.PROGRAMME_ADMIN)

    assert _post(ORG_URL, {"text": "Hi", "platform": "x"}, stranger).status_code == 404


def test_an_unknown_platform_answers_422_with_the_choices(organisation: Organisation) -> None:
    response = _post(ORG_URL, {"text": "Hi", "platform": "myspace"}, member(organisation))

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Unknown platform 'myspace': choose one of x, linkedin, instagram, facebook, tiktok, youtube."
    )


def test_an_unknown_account_kind_answers_422(organisation: Organisation) -> None:
    response = _post(ORG_URL, {"text": "Hi", "platform": "x", "account_kind": "corporate"}, member(organisation))

    assert response.status_code == 422
    assert "personal" in response.json()["detail"]


def test_without_the_organisation_in_the_url_your_only_organisation_is_used(organisation: Organisation) -> None:
    response = _post(MY_URL, {"text": "Project Falcon is real", "platform": "x"}, member(organisation))

    assert response.status_code == 200
    assert response.json()["verdict"] == "block"


def test_without_the_organisation_in_the_url_two_organisations_answer_400(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    user = member(organisation)
    RoleAssignment.objects.create(organisation=other_organisation, user=user, role=Role.LEARNER)

    response = _post(MY_URL, {"text": "Hi", "platform": "x"}, user)

    assert response.status_code == 400
    assert "/api/v1/orgs/{org_slug}/policy/check" in response.json()["detail"]
    assert "acme" in response.json()["detail"] and "globex" in response.json()["detail"]
