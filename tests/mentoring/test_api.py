"""The mentoring API: an admin runs a programme; both sides accept and record a check-in; other tenants see 404."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import PersonFactory, member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def call(user: User, method: str, path: str, body: dict[str, Any] | None = None, org: str = "acme") -> TestResponse:
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
    data = json.dumps(body) if body is not None else ""
    response: TestResponse = Client().generic(
        method, f"/api/v1/orgs/{org}/mentoring{path}", data, "application/json", headers=headers
    )
    return response


def _linked(organisation: Organisation, email: str) -> tuple[User, Person]:
    user = member(organisation, email=email)
    return user, PersonFactory.create(organisation=organisation, user=user, email=email)


def test_the_whole_flow_through_the_api(organisation: Organisation, admin_user: User) -> None:
    created = call(admin_user, "POST", "/programmes", {"name": "New practitioners", "cadence_days": 14})
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    mentor_user, mentor = _linked(organisation, "mentor@acme.example")
    mentee_user, mentee = _linked(organisation, "mentee@acme.example")
    offered = call(mentor_user, "PUT", f"/programmes/{slug}/mentor-profile", {"strengths": {"linkedin-video": 0.9}})
    assert offered.status_code == 200, offered.content
    asked = call(mentee_user, "PUT", f"/programmes/{slug}/mentee-profile", {"needs": {"linkedin-video": 3}})
    assert asked.status_code == 200, asked.content

    assert call(mentee_user, "POST", f"/programmes/{slug}/match").status_code == 403
    run = call(admin_user, "POST", f"/programmes/{slug}/match").json()
    assert run["proposed"] == 1
    assert call(admin_user, "POST", f"/programmes/{slug}/publish").json() == {"published": 1}
    listed = call(admin_user, "GET", f"/programmes/{slug}/pairings?status=published").json()
    assert listed["count"] == 1
    pairing = listed["items"][0]
    assert (pairing["mentor_id"], pairing["mentee_id"]) == (mentor.pk, mentee.pk)

    for user in (mentee_user, mentor_user):
        answered = call(user, "POST", f"/pairings/{pairing['id']}/answer", {"accept": True})
        assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "active"
    check_in = call(mentee_user, "POST", f"/pairings/{pairing['id']}/check-ins", {"met": True, "worked_on": "Hooks"})
    assert check_in.status_code == 201, check_in.content
    mine = call(mentor_user, "GET", "/my-pairings").json()
    assert [row["last_met_on"] is not None for row in mine] == [True]
    outcomes = call(admin_user, "GET", f"/programmes/{slug}/outcomes").json()
    assert outcomes["overall"]["mentees"] == 1

    outsider_user, _ = _linked(organisation, "outsider@acme.example")
    refused = call(outsider_user, "POST", f"/pairings/{pairing['id']}/answer", {"accept": False})
    assert refused.status_code == 403


def test_another_organisations_programme_and_pairing_answer_404(
    organisation: Organisation, other_organisation: Organisation, admin_user: User
) -> None:
    assert call(admin_user, "POST", "/programmes", {"name": "Acme only"}).status_code == 201
    stranger = member(other_organisation, email="admin@globex.example")
    assert call(stranger, "GET", "/programmes/acme-only/pairings", org="acme").status_code == 404
    globex_admin = member(other_organisation, Role.PROGRAMME_ADMIN, email="boss@globex.example")
    assert call(globex_admin, "POST", "/programmes/acme-only/match", org="globex").status_code == 404
    assert call(globex_admin, "PATCH", "/pairings/1", {"mentor_id": 1}, org="globex").status_code == 404


def test_bad_settings_answer_422_with_fields(admin_user: User) -> None:
    refused = call(admin_user, "POST", "/programmes", {"name": "X", "default_capacity": 0})
    assert refused.status_code == 422
    assert "default_capacity" in json.dumps(refused.json())
