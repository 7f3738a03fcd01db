"""The escalation REST API through the test client with a bearer token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.escalation import selectors, services
from socialu.escalation.models import DecisionLogEntry, DecisionTree
from tests.escalation.conftest import TO_FIX_FACTS, TO_MEDIA_ESCALATION, TO_THANKS

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _, raw = account_services.api_token_create(user=user, name="tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.base = "/api/v1/orgs/acme"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.base + path, params, headers=self.headers)

    def send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        return self.client.generic(
            method, self.base + path, json.dumps(body), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(admin_user: User) -> Api:
    return Api(admin_user)


def test_get_the_tree_in_force(api: Api) -> None:
    body = api.get("/decision-tree").json()
    assert body["version"] == 0 and body["document"]["start"] == "tone"


def test_replace_the_tree_saves_a_version(api: Api, organisation: Organisation) -> None:
    document = selectors.default_document()
    document["nodes"]["tone"]["text"] = "How does it feel?"
    response = api.send("PUT", "/decision-tree", {"document": document, "summary": "API"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    assert api.get("/decision-tree").json()["document"]["nodes"]["tone"]["text"] == "How does it feel?"


def test_replacing_with_a_broken_tree_answers_422_naming_each_node(api: Api) -> None:
    document = selectors.default_document()
    document["nodes"]["escalate-media"]["notify"] = []
    document["nodes"]["tone"]["options"][0]["next"] = "gone"
    response = api.send("PUT", "/decision-tree", {"document": document})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(error["field"] == "escalate-media" and "notify" in error["message"] for error in errors)
    assert any(error["field"] == "tone" and "“gone”" in error["message"] for error in errors)
    assert not DecisionTree.objects.exists()


def test_walk_returns_the_next_question_then_the_outcome(api: Api) -> None:
    step = api.send("POST", "/decision-tree/walk", {"answers": ["Negative"]}).json()
    assert step["kind"] == "question" and step["node"] == "negative-urgent"
    assert step["options"][0] == {"number": 1, "label": "Someone's safety or wellbeing is at risk"}
    done = api.send("POST", "/decision-tree/walk", {"answers": TO_FIX_FACTS}).json()
    assert done["kind"] == "outcome" and done["action"] == "fix_facts"
    assert set(done["considerations"]) == {"transparency", "sources", "timeliness", "tone", "influence"}
    assert done["recorded_id"] is None


def test_walk_accepts_numbers_from_one(api: Api) -> None:
    done = api.send("POST", "/decision-tree/walk", {"answers": [1, "1"]}).json()
    assert done["node"] == "thank-and-share"


def test_walk_and_record_an_escalation(api: Api, organisation: Organisation) -> None:
    response = api.send(
        "POST",
        "/decision-tree/walk",
        {"answers": TO_MEDIA_ESCALATION, "record": True, "post_url": "https://news.example/q", "note": "By 5pm"},
    )
    body = response.json()
    assert response.status_code == 200, body
    entry = DecisionLogEntry.objects.get(pk=body["recorded_id"], organisation=organisation)
    assert body["notified"] == ["admin@acme.example"] == entry.notified
    assert len(mail.outbox) == 1


def test_walk_with_a_wrong_answer_or_no_post_answers_422(api: Api) -> None:
    wrong = api.send("POST", "/decision-tree/walk", {"answers": ["Sideways"]})
    assert wrong.status_code == 422 and "not an answer" in wrong.json()["detail"]
    unrecorded = api.send("POST", "/decision-tree/walk", {"answers": TO_THANKS, "record": True})
    assert unrecorded.status_code == 422 and "link to the post" in unrecorded.json()["detail"]
    assert not DecisionLogEntry.objects.exists()


def test_list_and_get_log_entries_with_filters(api: Api, organisation: Organisation) -> None:
    services.decision_record(organisation=organisation, answers=TO_THANKS, post_text="Lovely boots")
    fixed = services.decision_record(organisation=organisation, answers=TO_FIX_FACTS, post_text="Wrong price")
    page = api.get("/decision-log").json()
    assert page["count"] == 2 and page["items"][0]["id"] == fixed.pk
    filtered = api.get("/decision-log", action="fix_facts").json()
    assert [item["id"] for item in filtered["items"]] == [fixed.pk]
    assert api.get("/decision-log", q="boots").json()["count"] == 1
    one = api.get(f"/decision-log/{fixed.pk}").json()
    assert one["path"][-1]["answer"] == "Yes, and we have a source"


def test_another_organisations_entry_is_not_found(api: Api, other_organisation: Organisation) -> None:
    theirs = services.decision_record(organisation=other_organisation, answers=TO_THANKS, post_text="x")
    assert api.get(f"/decision-log/{theirs.pk}").status_code == 404


def test_a_learner_may_walk_but_not_read_the_log(learner_user: User) -> None:
    learner = Api(learner_user)
    assert learner.send("POST", "/decision-tree/walk", {"answers": TO_THANKS}).status_code == 200
    assert learner.get("/decision-log").status_code == 403
    assert learner.send("PUT", "/decision-tree", {"document": {}}).status_code == 403
