"""The readiness API: run a campaign end to end with a bearer token, and read responses and results."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.readiness import services
from socialu.readiness.models import Respondent
from tests.factories import PersonFactory, UnitFactory, member
from tests.readiness.conftest import SLUGS

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/acme/readiness"


class Api:
    """A client that sends a fresh bearer token for *user* with every request."""

    def __init__(self, user: User) -> None:
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}

    def get(self, path: str) -> TestResponse:
        response: TestResponse = Client().get(BASE + path, headers=self.headers)
        return response

    def send(self, method: str, path: str, body: dict[str, Any]) -> TestResponse:
        response: TestResponse = Client().generic(
            method, BASE + path, json.dumps(body), "application/json", headers=self.headers
        )
        return response


@pytest.fixture
def api(admin_user: User) -> Api:
    return Api(admin_user)


def test_a_campaign_runs_end_to_end_through_the_api(organisation: Organisation, api: Api) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    for _ in range(2):
        PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, unit=sales)
    poster = PersonFactory.create(organisation=organisation, audience=Audience.PRACTITIONER, name="Pat Poster")

    created = api.send("POST", "/assessments", {"title": "Spring 2027"})
    assessment_id = created.json()["id"]
    default = api.send("POST", f"/assessments/{assessment_id}/respondents", {})
    extra = api.send("POST", f"/assessments/{assessment_id}/respondents", {"person_ids": [poster.pk]})
    opened = api.send("POST", f"/assessments/{assessment_id}/open", {"send_invitations": True})

    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert [q["key"] for q in created.json()["questions"]][:3] == ["goals", "trust", "platform_fit"]
    assert default.json() == {"added": 2, "total": 2} and extra.json() == {"added": 1, "total": 3}
    assert opened.status_code == 200 and opened.json()["emailed"] == 3 and len(mail.outbox) == 3

    for index, respondent in enumerate(Respondent.objects.filter(assessment_id=assessment_id).order_by("pk")):
        for slug in SLUGS:
            services.answer_save(respondent=respondent, question=slug, value=5 if index < 2 else 1)
        if index == 0:
            services.answer_save(respondent=respondent, question="goals", value=5, note="Clear targets")
            services.respondent_submit(respondent=respondent)
    progress = api.get(f"/assessments/{assessment_id}").json()["progress"]
    closed = api.send("POST", f"/assessments/{assessment_id}/close", {})
    results = api.get(f"/assessments/{assessment_id}/results").json()
    responses = api.get(f"/assessments/{assessment_id}/responses").json()

    assert progress == {"total": 3, "submitted": 1, "started": 2, "not_started": 0}
    assert closed.json()["status"] == "closed"
    assert results["index"] == pytest.approx(66.7) and results["level"] == "scaling"
    assert results["disagreements"][:3] == ["goals", "trust", "platform_fit"]
    assert results["recommendations"]["executive_coaching"] in {"recommended", "optional", "not_needed"}
    assert results["questions"]["platform_fit"]["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 2}
    assert results["trend"]["points"][-1]["index"] == pytest.approx(66.7)
    assert {d["kind"] for d in results["disagreement_details"]} == {"spread"}  # one practitioner is no group
    assert responses["count"] == 3 and {"Pat Poster"} <= {item["name"] for item in responses["items"]}
    assert responses["items"][0]["notes"] == {"goals": "Clear targets"}
    assert [a["id"] for a in api.get("/assessments").json()] == [assessment_id]


def test_anonymous_responses_are_never_listed_and_results_wait_for_the_close(
    organisation: Organisation, api: Api
) -> None:
    people = [PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP) for _ in range(3)]
    assessment = services.assessment_create(organisation=organisation, title="Quiet", anonymous=True)
    services.respondents_add(assessment=assessment)
    services.assessment_open(assessment=assessment, send_invitations=False)
    respondents = list(Respondent.objects.filter(assessment=assessment))
    for respondent in respondents[:2]:
        services.answer_save(respondent=respondent, question="goals", value=4)

    early = api.get(f"/assessments/{assessment.pk}/responses").json()
    early_results = api.get(f"/assessments/{assessment.pk}/results").json()
    services.answer_save(respondent=respondents[2], question="goals", value=2)
    later = api.get(f"/assessments/{assessment.pk}/responses").json()
    open_results = api.get(f"/assessments/{assessment.pk}/results").json()
    services.assessment_close(assessment=assessment)
    final = api.get(f"/assessments/{assessment.pk}/responses").json()
    final_results = api.get(f"/assessments/{assessment.pk}/results").json()

    for document in (early, later, final):
        assert document["withheld"] is True and document["items"] == [] and document["count"] == 0
        assert "protect anonymity" in document["message"]
    assert early_results["withheld"] is True and "index" not in early_results
    assert open_results["withheld"] is True and "once it is closed" in open_results["message"]
    assert final_results["withheld"] is False and "index" in final_results
    text = json.dumps(final_results)
    assert all(person.name not in text for person in people) and "person_id" not in text


def test_bad_requests_explain_what_to_do(organisation: Organisation, api: Api) -> None:
    empty = api.send("POST", "/assessments", {"title": "  "})
    draft = api.send("POST", "/assessments", {"title": "No one yet"}).json()["id"]
    opened = api.send("POST", f"/assessments/{draft}/open", {"send_invitations": False})
    closed = api.send("POST", f"/assessments/{draft}/close", {})
    stranger = api.send("POST", f"/assessments/{draft}/respondents", {"person_ids": [999999]})
    audience = api.send("POST", f"/assessments/{draft}/respondents", {"audiences": ["wizards"]})

    assert empty.status_code == 422 and "title" in empty.json()["detail"]
    assert opened.status_code == 422 and opened.json()["detail"] == "Add respondents before opening the assessment."
    assert closed.status_code == 422 and "Only an open assessment" in closed.json()["detail"]
    assert stranger.status_code == 422 and "no person 999999" in stranger.json()["detail"]
    assert audience.status_code == 422 and "Unknown audience wizards" in audience.json()["detail"]


def test_questions_and_weights_through_the_api(organisation: Organisation, api: Api) -> None:
    created = api.send(
        "POST",
        "/questions",
        {
            "title": "Crisis drills",
            "prompt": "Do we rehearse a crisis?",
            "descriptors": {"1": "Never.", "3": "Once.", "5": "Quarterly."},
            "weight": 2,
        },
    )
    weights = api.send("PUT", "/questions/weights", {"weights": {"platform_fit": 3, "crisis_drills": 1.5}})
    bad = api.send("PUT", "/questions/weights", {"weights": {"goals": 0}})

    assert created.status_code == 201 and created.json()["key"] == "crisis_drills"
    assert created.json()["dimension"] == "organisation_specific" and created.json()["number"] == 11
    by_key = {q["key"]: q["weight"] for q in weights.json()["questions"]}
    assert weights.json()["changed"] == 2 and by_key["platform_fit"] == 3 and by_key["crisis_drills"] == 1.5
    assert bad.status_code == 422 and "0.1 to 10" in bad.json()["detail"]
    assert len(api.get("/questions").json()) == 11


def test_an_executive_viewer_reads_results_but_cannot_run_campaigns(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    assessment = services.assessment_create(organisation=organisation, title="Seen")
    services.respondents_add(assessment=assessment)
    viewer = Api(member(organisation, Role.EXECUTIVE_VIEWER))

    assert viewer.get(f"/assessments/{assessment.pk}/results").status_code == 200
    assert viewer.get("/assessments").status_code == 403
    assert viewer.send("POST", "/assessments", {"title": "Mine"}).status_code == 403


def test_another_organisations_assessment_answers_404(
    organisation: Organisation, other_organisation: Organisation, api: Api
) -> None:
    theirs = services.assessment_create(organisation=other_organisation, title="Theirs")

    assert api.get(f"/assessments/{theirs.pk}").status_code == 404
    assert api.get(f"/assessments/{theirs.pk}/results").status_code == 404
    assert api.send("POST", f"/assessments/{theirs.pk}/close", {}).status_code == 404
