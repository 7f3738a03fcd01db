"""The sessions API: the same rules as the pages, in the one error shape."""

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
from tests.factories import PersonFactory, SessionFactory, member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def call(user: User, method: str, path: str, body: dict[str, Any] | None = None, org: str = "acme") -> TestResponse:
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
    data = json.dumps(body) if body is not None else ""
    response: TestResponse = Client().generic(
        method, f"/api/v1/orgs/{org}{path}", data, "application/json", headers=headers
    )
    return response


def _learner(organisation: Organisation, name: str) -> tuple[User, Person]:
    user = member(organisation, email=f"{name}@acme.example")
    return user, PersonFactory.create(organisation=organisation, user=user, email=f"{name}@acme.example")


def test_an_admin_creates_and_publishes_and_learners_fill_it_then_wait(organisation: Organisation) -> None:
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="boss@acme.example")
    created = call(
        admin,
        "POST",
        "/sessions",
        {
            "title": "Listening reports",
            "kind": "webinar",
            "time_zone": "Europe/London",
            "starts_at": "2031-06-10T09:00:00",
            "ends_at": "2031-06-10T10:00:00",
            "capacity": 1,
        },
    )
    assert created.status_code == 201, created.content
    session = created.json()
    assert session["status"] == "draft"
    assert session["starts_at"].startswith("2031-06-10T09:00:00+01:00")  # read in the session's zone (BST)
    assert call(admin, "POST", f"/sessions/{session['id']}/publish").status_code == 200

    first_user, _ = _learner(organisation, "ann")
    second_user, _ = _learner(organisation, "bob")
    first = call(first_user, "POST", f"/sessions/{session['id']}/registrations")
    second = call(second_user, "POST", f"/sessions/{session['id']}/registrations")
    assert (first.json()["status"], second.json()["status"]) == ("confirmed", "waitlisted")
    assert second.json()["waitlist_position"] == 1
    again = call(first_user, "POST", f"/sessions/{session['id']}/registrations")
    assert again.status_code == 409
    assert "already registered" in again.json()["detail"]

    call(first_user, "POST", f"/session-registrations/{first.json()['id']}/cancel")
    accepted = call(second_user, "POST", f"/session-registrations/{second.json()['id']}/accept")
    assert accepted.json()["status"] == "confirmed"
    listing = call(admin, "GET", f"/sessions/{session['id']}/registrations").json()
    assert {row["status"] for row in listing} == {"confirmed", "cancelled"}
    mine = call(second_user, "GET", "/my/session-registrations").json()
    assert [row["session_id"] for row in mine] == [session["id"]]


def test_a_bad_session_answers_422_with_each_field(organisation: Organisation) -> None:
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="boss@acme.example")
    response = call(
        admin,
        "POST",
        "/sessions",
        {
            "title": "Backwards",
            "time_zone": "Europe/London",
            "starts_at": "2031-06-10T09:00:00",
            "ends_at": "2031-06-10T08:00:00",
            "capacity": 3,
            "audiences": ["pirates"],
        },
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"ends_at", "audiences"}


def test_another_organisations_session_is_not_found(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = SessionFactory.create(organisation=other_organisation)
    user, _ = _learner(organisation, "cat")
    assert call(user, "GET", f"/sessions/{theirs.pk}").status_code == 404
    assert call(user, "POST", f"/sessions/{theirs.pk}/registrations").status_code == 404
