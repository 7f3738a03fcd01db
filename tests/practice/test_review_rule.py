"""Whose review decides: a peer review is advice, never overturning a mentor nor counting for certification."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from socialu.certification.requirements import requirement_kind
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.practice import selectors, services
from socialu.practice.models import Attempt, AttemptStatus, Review, ReviewRule
from tests.practice.helpers import install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db

TOP = {"clarity": 5, "tone": 5, "policy_compliance": 5, "helpfulness": 5, "platform_fit": 5}
FAILING = {"clarity": 2, "tone": 2, "policy_compliance": 2, "helpfulness": 2, "platform_fit": 2}


def _meets_practice_requirement(organisation: Organisation, person_id: int) -> bool:
    kind = requirement_kind("practice_reviews_passed")
    assert kind is not None
    return person_id in kind.people_meeting(organisation, {"count": 1}, [person_id])


def test_a_peers_top_marks_do_not_overturn_a_mentors_fail(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    peer, _ = learner_person(organisation, "peer@acme.example")
    _, author = learner_person(organisation, "author@acme.example")
    attempt = submitted(organisation, author, scenario)

    reviewed(attempt, mentor, FAILING)
    advice = reviewed(attempt, peer, TOP)

    attempt.refresh_from_db()
    assert advice.decisive is False
    assert (attempt.status, attempt.passed, attempt.mean_score) == (AttemptStatus.REVIEWED, False, 2.0)
    assert not _meets_practice_requirement(organisation, author.pk)


def test_a_peer_review_alone_leaves_the_answer_waiting_for_a_mentor(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    scenario = install(organisation)[0]
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    peer, _ = learner_person(organisation, "peer@acme.example")
    _, author = learner_person(organisation, "author@acme.example")
    attempt = submitted(organisation, author, scenario)

    with django_capture_on_commit_callbacks(execute=True):
        reviewed(attempt, peer, TOP)

    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None)
    assert not _meets_practice_requirement(organisation, author.pk)
    assert [a.pk for a in selectors.review_queue(organisation=organisation, user_id=mentor.pk)] == [attempt.pk]
    assert selectors.review_queue(organisation=organisation, user_id=peer.pk) == []
    assert "advice from a colleague" in str(mail.outbox[-1].body)

    reviewed(attempt, mentor, TOP)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.REVIEWED, True)
    assert _meets_practice_requirement(organisation, author.pk)


@pytest.mark.parametrize("role", [Role.MENTOR, Role.FACILITATOR, Role.PROGRAMME_ADMIN])
def test_leads_decide_by_default(organisation: Organisation, role: Role) -> None:
    scenario = install(organisation)[0]
    lead, _ = learner_person(organisation, "lead@acme.example", role)
    _, author = learner_person(organisation, "author@acme.example")

    review = reviewed(submitted(organisation, author, scenario), lead, TOP)

    assert review.decisive is True
    assert Attempt.objects.get(pk=review.attempt_id).passed is True


def test_champions_decide_only_when_the_organisation_says_so(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    champion, _ = learner_person(organisation, "champ@acme.example", Role.CHAMPION)
    _, first = learner_person(organisation, "first@acme.example")
    _, second = learner_person(organisation, "second@acme.example")

    assert reviewed(submitted(organisation, first, scenario), champion, TOP).decisive is False
    services.review_rule_set(organisation=organisation, rule=ReviewRule.LEADS_AND_CHAMPIONS_DECIDE)
    assert reviewed(submitted(organisation, second, scenario), champion, TOP).decisive is True


def test_an_unknown_rule_is_refused(organisation: Organisation) -> None:
    with pytest.raises(services.PracticeError, match="Choose one of the review rules"):
        services.review_rule_set(organisation=organisation, rule="loudest_decides")


def test_an_admin_sets_the_rule_on_the_scenarios_page(organisation: Organisation, admin_client: Client) -> None:
    page = admin_client.get("/o/acme/practice/manage/").content.decode()
    assert 'value="leads_decide" checked' in page

    response = admin_client.post("/o/acme/practice/manage/review-rule/", {"review_rule": "leads_and_champions_decide"})

    assert response.status_code == 302
    assert selectors.review_rule(organisation=organisation) == ReviewRule.LEADS_AND_CHAMPIONS_DECIDE


def test_the_api_says_whether_a_review_decided(organisation: Organisation) -> None:
    from socialu.accounts.services import api_token_create

    scenario = install(organisation)[0]
    peer, _ = learner_person(organisation, "peer@acme.example")
    _, author = learner_person(organisation, "author@acme.example")
    attempt = submitted(organisation, author, scenario)
    _, token = api_token_create(user=peer, name="t")

    response = Client().post(
        f"/api/v1/orgs/acme/practice/attempts/{attempt.pk}/reviews",
        {**TOP, "overall_comment": "Lovely."},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 201
    assert response.json()["decisive"] is False
    attempt.refresh_from_db()
    assert attempt.passed is None


def test_the_upgrade_turns_earlier_peer_reviews_into_advice_and_re_decides_verdicts(organisation: Organisation) -> None:
    from django.apps import apps

    upgrade = importlib.import_module("socialu.practice.migrations.0002_review_rule_and_advisory_reviews")
    scenario = install(organisation)[0]
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    peer, _ = learner_person(organisation, "peer@acme.example")
    _, author = learner_person(organisation, "author@acme.example")
    _, other = learner_person(organisation, "other@acme.example")
    overturned = submitted(organisation, author, scenario)
    reviewed(overturned, mentor, FAILING)
    peer_only = submitted(organisation, other, scenario)
    # What the old code left behind: the peer's reviews decided.
    for attempt in (overturned, peer_only):
        review = reviewed(attempt, peer, TOP)
        Review.objects.filter(pk=review.pk).update(decisive=True)
        Attempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.REVIEWED, passed=True, mean_score=5.0)

    upgrade.decide_existing_reviews(apps, None)

    overturned.refresh_from_db()
    peer_only.refresh_from_db()
    assert (overturned.status, overturned.passed, overturned.mean_score) == (AttemptStatus.REVIEWED, False, 2.0)
    assert (peer_only.status, peer_only.passed, peer_only.mean_score) == (AttemptStatus.SUBMITTED, None, None)
    assert set(Review.objects.filter(reviewer=peer).values_list("decisive", flat=True)) == {False}
    assert set(Review.objects.filter(reviewer=mentor).values_list("decisive", flat=True)) == {True}
