"""The skills and champions API: find by free text, evidence without content, nominate and decide, parity."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.skills.models import ChampionTerm
from tests.factories import PersonFactory
from tests.skills.helpers import completed, course, quiz_passed, taxonomy

pytestmark = pytest.mark.django_db
BASE = "/api/v1/orgs/acme"


class Api:
    def __init__(self, user: User) -> None:
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
        self.client = Client()

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{BASE}{path}", params, headers=self.headers)

    def send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        call = getattr(self.client, method)
        return call(f"{BASE}{path}", body, content_type="application/json", headers=self.headers)


@pytest.fixture
def me(organisation: Organisation, learner_user: User) -> Person:
    return PersonFactory.create(organisation=organisation, user=learner_user, name="Lena Learner")


def test_find_experts_by_free_text_returns_evidence_labels_only(
    organisation: Organisation, learner_user: User, me: Person
) -> None:
    taxonomy(organisation)
    expert = PersonFactory.create(organisation=organisation, name="Vera Video")
    completed(expert, course(organisation, "video-basics", "engagement-craft"))
    quiz_passed(expert, course(organisation, "video-more", "engagement-craft"), score=93)
    body = Api(learner_user).get("/experts", q="video").json()
    assert body["skill"] == "video"
    assert [item["name"] for item in body["items"]] == ["Vera Video"]
    evidence = body["items"][0]["evidence"]
    assert len(evidence) >= 2
    assert {"skill", "kind", "label", "occurred_at", "earned"} == set(evidence[0])


def test_find_experts_without_a_skill_answers_422(organisation: Organisation, learner_user: User) -> None:
    taxonomy(organisation)
    assert Api(learner_user).get("/experts", q="knitting").status_code == 422


def test_opting_out_and_rating_through_the_api(organisation: Organisation, learner_user: User, me: Person) -> None:
    taxonomy(organisation)
    api = Api(learner_user)
    profile = api.send(
        "put", "/me/skills/profile", {"listed": False, "languages": ["DE"], "time_zone": "Europe/Berlin"}
    )
    assert profile.json() == {"listed": False, "languages": ["de"], "time_zone": "Europe/Berlin"}
    assert api.send("put", "/me/skills/ratings/video", {"level": 4}).status_code == 204
    mine = api.get("/me/skills").json()
    assert mine[0]["skill"] == "video"
    assert mine[0]["evidence"][0]["kind"] == "self_rating"
    assert api.send("put", "/me/skills/ratings/video", {"level": 9}).status_code == 422


def test_nominate_then_an_admin_approves_through_the_api(
    organisation: Organisation, learner_user: User, admin_user: User, me: Person
) -> None:
    created = Api(learner_user).send(
        "post", "/champions/nominations", {"person_id": me.pk, "reason": "I run the weekly social clinic."}
    )
    assert created.status_code == 201
    assert created.json()["nominator_kind"] == "self"
    decided = Api(admin_user).send("post", f"/champions/nominations/{created.json()['id']}/decision", {"approve": True})
    assert decided.json()["status"] == "approved"
    assert ChampionTerm.objects.filter(person=me).count() == 1
    listed = Api(learner_user).get("/champions").json()
    assert [row["name"] for row in listed] == ["Lena Learner"]
    coverage = Api(learner_user).get("/champions/coverage").json()
    assert coverage["division_gaps"] == []
