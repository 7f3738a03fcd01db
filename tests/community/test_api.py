"""The knowledge-sharing API: posting through the pre-flight check, answering, accepting, search, moderation."""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation
from socialu.people.models import Person
from tests.community.conftest import person_with, png_bytes

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def call(person: Person, method: str, path: str, body: dict[str, Any] | None = None, org: str = "acme") -> TestResponse:
    assert person.user is not None
    headers = {"Authorization": f"Bearer {api_token_create(user=person.user, name='tests')[1]}"}
    data = json.dumps(body) if body is not None else ""
    url = f"/api/v1/orgs/{org}/community{path}"
    response: TestResponse = Client().generic(method, url, data, "application/json", headers=headers)
    return response


def test_a_question_is_answered_accepted_and_found_by_search(asker: Person, helper: Person) -> None:
    asked = call(asker, "POST", "/questions", {"title": "Posting cadence?", "body": "How often should we post?"})
    assert asked.status_code == 201 and asked.json()["status"] == "published"
    question_id = asked.json()["id"]
    similar = call(helper, "GET", "/similar-questions?q=cadenc").json()
    assert [hit["post_id"] for hit in similar] == [question_id]
    answer = call(helper, "POST", f"/questions/{question_id}/answers", {"body": "Three times a week works for us."})
    assert answer.status_code == 201
    accepted = call(asker, "POST", f"/questions/{question_id}/accept", {"answer_id": answer.json()["id"]})
    assert accepted.json()["accepted_answer_id"] == answer.json()["id"]
    detail = call(helper, "GET", f"/posts/{question_id}").json()
    assert [item["body"] for item in detail["answers"]] == ["Three times a week works for us."]
    hits = call(helper, "GET", "/search?q=weeks+working&kind=answer").json()
    assert hits[0]["question_id"] == question_id and "<mark>week</mark>" in hits[0]["snippet_html"]


def test_a_tip_naming_a_confidential_project_comes_back_as_a_draft_with_findings(asker: Person, helper: Person) -> None:
    response = call(asker, "POST", "/tips", {"title": "Sneak peek", "body": "Tease the Falcon launch date early."})
    body = response.json()
    assert response.status_code == 201 and body["status"] == "draft"
    assert body["findings"][0]["rule_id"] == "confidential-term"
    assert call(helper, "GET", f"/posts/{body['id']}").status_code == 404
    assert call(helper, "GET", "/posts?kind=tip").json() == []


def test_images_travel_as_base64_and_bad_ones_are_refused_with_the_field(asker: Person) -> None:
    image = {"name": "chart.png", "content_base64": base64.b64encode(png_bytes()).decode()}
    ok = call(asker, "POST", "/tips", {"title": "Charts", "body": "Label your axes.", "images": [image]})
    assert ok.status_code == 201
    fake = {"name": "chart.png", "content_base64": base64.b64encode(b"%PDF-1.4").decode()}
    refused = call(asker, "POST", "/tips", {"title": "Charts", "body": "Label your axes.", "images": [fake]})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "images"


def test_report_moderate_and_export_the_decision_log(
    organisation: Organisation, asker: Person, helper: Person, moderator: Person
) -> None:
    post_id = call(asker, "POST", "/tips", {"title": "Trolls", "body": "Argue with every troll."}).json()["id"]
    assert call(helper, "POST", f"/posts/{post_id}/report", {"reason": "Bad advice"}).status_code == 200
    assert call(helper, "GET", "/moderation/queue").status_code == 403
    queue = call(moderator, "GET", "/moderation/queue").json()
    assert [(item["id"], item["open_reports"]) for item in queue] == [(post_id, 1)]
    hidden = call(moderator, "POST", f"/posts/{post_id}/moderate", {"action": "hide", "note": "Against our guide"})
    assert hidden.json()["status"] == "hidden"
    own = call(moderator, "POST", "/tips", {"title": "Mine", "body": "My own tip."}).json()["id"]
    refused = call(moderator, "POST", f"/posts/{own}/moderate", {"action": "hide", "note": "x"})
    assert refused.status_code == 403
    export = call(moderator, "GET", "/moderation/decisions.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert rows[0][:3] == ["When (UTC)", "Action", "Moderator"]
    assert rows[1][1:4] == ["Hidden", "Mo Moderator", str(post_id)] and rows[1][6] == "Against our guide"


def test_another_organisations_post_answers_404(
    organisation: Organisation, other_organisation: Organisation, asker: Person
) -> None:
    post_id = call(asker, "POST", "/tips", {"title": "Ours", "body": "Our tip."}).json()["id"]
    outsider = person_with(other_organisation, name="Otto")
    assert call(outsider, "GET", f"/posts/{post_id}", org="globex").status_code == 404
    assert call(outsider, "POST", f"/posts/{post_id}/vote", {"useful": True}, org="globex").status_code == 404
    assert call(outsider, "GET", f"/posts/{post_id}").status_code == 404
