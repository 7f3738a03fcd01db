"""The practice API: scenarios, drafts, submitting, my attempts, the review queue and reviews."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.practice.models import Attempt, AttemptStatus
from tests.practice.helpers import FALCON, GOOD_SCORES, RESTOCK, install, learner_person, submitted

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db
BASE = "/api/v1/orgs/acme/practice"


def call(user: User, method: str, path: str, body: dict[str, Any] | None = None) -> TestResponse:
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
    data = json.dumps(body) if body is not None else ""
    response: TestResponse = Client().generic(method, BASE + path, data, "application/json", headers=headers)
    return response


def test_scenarios_are_listed_and_filtered(organisation: Organisation) -> None:
    install(organisation, RESTOCK, FALCON)
    user, _ = learner_person(organisation, "lee@acme.example")

    everything = call(user, "GET", "/scenarios").json()
    on_x = call(user, "GET", "/scenarios?platform=x").json()

    assert [s["slug"] for s in everything] == [RESTOCK, FALCON]  # easiest first
    assert [s["slug"] for s in on_x] == [FALCON]
    assert on_x[0]["audiences"] == ["practitioner", "infrastructure"]


def test_the_model_answer_is_given_only_after_you_submitted(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    user, person = learner_person(organisation, "lee@acme.example")

    before = call(user, "GET", f"/scenarios/{RESTOCK}").json()
    submitted(organisation, person, scenario)
    after = call(user, "GET", f"/scenarios/{RESTOCK}").json()

    assert before["model_answer"] is None and before["pitfalls"] is None
    assert before["replying_to"]["author"] == "@ellie.outdoors"
    assert set(before["rubric"]) == {"clarity", "tone", "policy_compliance", "helpfulness", "platform_fit"}
    assert after["model_answer"] == scenario.model_answer


def test_a_draft_is_saved_then_submitted(organisation: Organisation) -> None:
    install(organisation)
    user, person = learner_person(organisation, "lee@acme.example")

    saved = call(user, "PUT", f"/scenarios/{RESTOCK}/draft", {"text": "Soon\x00 ish"})
    shown = call(user, "GET", f"/scenarios/{RESTOCK}").json()
    sent = call(user, "POST", f"/scenarios/{RESTOCK}/submit", {})

    assert saved.status_code == 200
    assert saved.json()["notes"] == [
        "We removed 1 invisible control character (from a paste, probably): no platform would show them."
    ]
    assert shown["draft"] == "Soon ish"
    assert sent.status_code == 201
    assert sent.json()["status"] == "submitted" and sent.json()["verdict"] in {"pass", "warn", "block"}
    assert Attempt.objects.get(person=person).status == AttemptStatus.SUBMITTED


def test_a_long_draft_is_saved_but_cannot_be_submitted(organisation: Organisation) -> None:
    install(organisation)
    user, person = learner_person(organisation, "lee@acme.example")
    paste = "x" * 100_000

    saved = call(user, "PUT", f"/scenarios/{RESTOCK}/draft", {"text": paste}).json()
    refused = call(user, "POST", f"/scenarios/{RESTOCK}/submit", {})

    assert saved["can_submit"] is False and saved["length"] == 100_000
    assert refused.status_code == 422 and "at most 20,000" in refused.json()["detail"]
    assert Attempt.objects.get(person=person).text == paste


def test_an_empty_submit_is_refused(organisation: Organisation) -> None:
    install(organisation)
    user, _ = learner_person(organisation, "lee@acme.example")
    response = call(user, "POST", f"/scenarios/{RESTOCK}/submit", {"text": ""})
    assert response.status_code == 422 and "empty" in response.json()["detail"]


def test_someone_not_in_the_roster_is_told_why(organisation: Organisation, learner_user: User) -> None:
    install(organisation)
    response = call(learner_user, "PUT", f"/scenarios/{RESTOCK}/draft", {"text": "Hi"})
    assert response.status_code == 409 and "not linked" in response.json()["detail"]


def test_an_unknown_or_other_organisations_scenario_is_404(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    install(other_organisation)
    user, _ = learner_person(organisation, "lee@acme.example")
    assert call(user, "GET", f"/scenarios/{RESTOCK}").status_code == 404


def test_the_queue_and_a_review_through_the_api(
    organisation: Organisation, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    scenario = install(organisation)[0]
    lee, person = learner_person(organisation, "lee@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    attempt = submitted(organisation, person, scenario)

    queue = call(mentor, "GET", "/review-queue").json()
    own_queue = call(lee, "GET", "/review-queue").json()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        review = call(
            mentor,
            "POST",
            f"/attempts/{attempt.pk}/reviews",
            {**GOOD_SCORES, "policy_compliance": 2, "overall_comment": "Watch the promise.", "comments": {}},
        )
    again = call(mentor, "POST", f"/attempts/{attempt.pk}/reviews", {**GOOD_SCORES, "overall_comment": "x"})
    mine = call(lee, "GET", "/attempts").json()

    assert [row["id"] for row in queue] == [attempt.pk] and own_queue == []
    assert review.status_code == 201
    assert review.json()["passed"] is False and review.json()["mean_score"] == 3.6
    assert review.json()["reasons"] == ["Policy compliance scored below 3, which a pass needs."]
    assert again.status_code == 409
    assert len(mail.outbox) == 1
    assert mine[0]["status"] == "reviewed" and mine[0]["mean_score"] == 3.6


def test_a_score_out_of_range_is_422(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    attempt = submitted(organisation, person, scenario)
    response = call(
        mentor, "POST", f"/attempts/{attempt.pk}/reviews", {**GOOD_SCORES, "tone": 9, "overall_comment": "x"}
    )
    assert response.status_code == 422
