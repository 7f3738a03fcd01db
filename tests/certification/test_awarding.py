"""Who earns a tier, when a certificate is issued, renewed or withheld."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialu.certification.awarding import CODE_ALPHABET, CODE_LENGTH, code_display
from socialu.certification.models import Certificate, Tier
from socialu.certification.services import certificates_award
from socialu.core.models import Organisation
from socialu.learning.models import QuizAttempt
from tests.certification.support import ALL_WRONG, complete_basics, make_certificate, make_tier
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_passing_the_tier_courses_issues_a_certificate_as_soon_as_learning_changes(
    ambassador: Tier, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation, name="Ada Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        complete_basics(person)

    certificate = Certificate.objects.get(person=person)
    assert certificate.tier == ambassador
    assert certificate.holder_name == "Ada Lovelace" and certificate.tier_name == "Ambassador"
    assert len(certificate.code) == CODE_LENGTH and set(certificate.code) <= set(CODE_ALPHABET)
    months = (certificate.expires_at - certificate.issued_at).days
    assert 364 <= months <= 366
    assert certificate.evidence["courses"] == {"basics": 1}
    assert certificate.evidence["requirements"][0]["kind"] == "courses_passed"
    (message,) = mail.outbox
    assert message.to == [person.email] and message.subject == "You are certified: Ambassador"
    assert code_display(certificate.code) in message.body and "/o/acme/certificates/" in message.body


def test_failing_the_quiz_earns_nothing(ambassador: Tier, django_capture_on_commit_callbacks: Any) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        complete_basics(person, answers=ALL_WRONG)
    assert not Certificate.objects.filter(person=person).exists()


def test_awarding_again_issues_nothing_new(ambassador: Tier) -> None:
    people = PersonFactory.create_batch(3, organisation=ambassador.organisation)
    for person in people:
        complete_basics(person)
    first = certificates_award(organisation=ambassador.organisation)
    assert {c.person_id for c in first} == {p.pk for p in people}
    assert len({c.code for c in first}) == 3
    assert certificates_award(organisation=ambassador.organisation) == []


def test_inactive_people_are_not_certified(ambassador: Tier) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation, is_active=False)
    complete_basics(person)
    assert certificates_award(organisation=ambassador.organisation) == []


def test_a_requirement_nobody_provides_is_skipped_but_a_tier_needs_something_checkable(
    curriculum: Organisation,
) -> None:
    person = PersonFactory.create(organisation=curriculum)
    complete_basics(person)
    make_tier(curriculum, "partly", ("courses_passed", {"courses": ["basics"]}), ("not_installed_kind", {}))
    make_tier(curriculum, "nothing", ("not_installed_kind", {}), rank=2)
    issued = certificates_award(organisation=curriculum)
    assert [c.tier.slug for c in issued] == ["partly"]
    assert issued[0].evidence["requirements"][1] == {
        "kind": "not_installed_kind",
        "description": "not_installed_kind",
        "parameters": {},
        "checked": False,
    }


def test_a_higher_tier_that_requires_a_lower_one_follows_in_the_same_run(ambassador: Tier) -> None:
    organisation = ambassador.organisation
    make_tier(
        organisation, "expert", ("tier_held", {"tier": "ambassador"}), ("min_quiz_score", {"min_percent": 100}), rank=2
    )
    person = PersonFactory.create(organisation=organisation)
    complete_basics(person)
    issued = certificates_award(organisation=organisation)
    assert sorted(c.tier.slug for c in issued) == ["ambassador", "expert"]


def test_minimum_quiz_score_uses_the_best_attempt(curriculum: Organisation) -> None:
    make_tier(curriculum, "sharp", ("min_quiz_score", {"min_percent": 90, "courses": ["basics"]}))
    weak, strong = PersonFactory.create_batch(2, organisation=curriculum)
    complete_basics(weak, answers={"pick-one": [0], "pick-all": [0, 2], "true-or-false": [0], "the-scenario": [0]})
    complete_basics(strong, answers=ALL_WRONG)
    complete_basics(strong)
    issued = certificates_award(organisation=curriculum)
    assert [c.person_id for c in issued] == [strong.pk]


def test_the_audience_path_must_be_passed(curriculum: Organisation) -> None:
    make_tier(curriculum, "pathed", ("path_passed", {}))
    observer = PersonFactory.create(organisation=curriculum, audience="observer")
    practitioner = PersonFactory.create(organisation=curriculum, audience="practitioner")
    leader = PersonFactory.create(organisation=curriculum, audience="leadership")
    for person in (observer, practitioner, leader):
        complete_basics(person)
    # Observers need basics only; practitioners too (advanced is an elective); leaders need advanced.
    issued = certificates_award(organisation=curriculum)
    assert {c.person_id for c in issued} == {observer.pk, practitioner.pk}


def test_a_revoked_certificate_is_not_reissued_without_a_fresh_quiz_pass(ambassador: Tier) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation)
    complete_basics(person)
    (certificate,) = certificates_award(organisation=ambassador.organisation)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="Misconduct")
    assert certificates_award(organisation=ambassador.organisation) == []
    complete_basics(person)  # passes the quiz again, after the revocation
    (renewed,) = certificates_award(organisation=ambassador.organisation)
    assert renewed.evidence["renewal_of"] == certificate.code


def test_renewal_in_the_reminder_window_needs_a_quiz_passed_since_it_opened(ambassador: Tier) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation)
    complete_basics(person)
    old = make_certificate(ambassador.organisation, person=person, tier=ambassador)
    Certificate.objects.filter(pk=old.pk).update(expires_at=timezone.now() + timedelta(days=10))
    QuizAttempt.objects.filter(person=person).update(submitted_at=timezone.now() - timedelta(days=40))
    assert certificates_award(organisation=ambassador.organisation) == []

    complete_basics(person)
    (renewed,) = certificates_award(organisation=ambassador.organisation)
    assert renewed.evidence["renewal_of"] == old.code
    old.refresh_from_db()
    assert renewed.expires_at > old.expires_at + timedelta(days=300)


def test_a_current_certificate_outside_its_window_is_not_renewed(ambassador: Tier) -> None:
    person = PersonFactory.create(organisation=ambassador.organisation)
    make_certificate(ambassador.organisation, person=person, tier=ambassador)
    complete_basics(person)
    assert certificates_award(organisation=ambassador.organisation) == []


def test_award_for_some_people_leaves_the_others(ambassador: Tier) -> None:
    first, second = PersonFactory.create_batch(2, organisation=ambassador.organisation)
    complete_basics(first)
    complete_basics(second)
    issued = certificates_award(organisation=ambassador.organisation, person_ids=[first.pk])
    assert [c.person_id for c in issued] == [first.pk]


def test_another_organisations_learning_does_not_count(ambassador: Tier, other_organisation: Organisation) -> None:
    stranger = PersonFactory.create(organisation=other_organisation)
    assert certificates_award(organisation=ambassador.organisation, person_ids=[stranger.pk]) == []


def test_evaluating_an_organisation_costs_the_same_queries_for_more_people(ambassador: Tier) -> None:
    """Set-based: the number of queries does not grow with the number of people."""
    organisation = ambassador.organisation
    make_tier(organisation, "sharp", ("min_quiz_score", {"min_percent": 50}), ("path_passed", {}), rank=2)
    make_tier(organisation, "expert", ("tier_held", {"tier": "sharp"}), rank=3)

    def award_for(count: int) -> int:
        Certificate.objects.all().delete()
        for person in PersonFactory.create_batch(count, organisation=organisation, audience="observer"):
            complete_basics(person)
        with CaptureQueriesContext(connection) as queries:
            certificates_award(organisation=organisation)
        return len(queries)

    few = award_for(2)
    many = award_for(12)
    assert Certificate.objects.count() == 3 * 14
    assert many == few


def test_certificates_awarded_in_bulk_announce_themselves_and_the_dashboard_hears(
    ambassador: Tier, django_capture_on_commit_callbacks: Any
) -> None:
    from socialu.certification.signals import certificates_changed
    from socialu.dashboard import services as dashboard

    people = PersonFactory.create_batch(3, organisation=ambassador.organisation)
    for person in people:
        complete_basics(person)
    snapshot = dashboard.dashboard_refresh(organisation=ambassador.organisation)
    heard: list[list[int]] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        heard.append(kwargs["certificate_ids"])

    certificates_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            issued = certificates_award(organisation=ambassador.organisation)
    finally:
        certificates_changed.disconnect(listen)

    assert len(issued) == 3
    assert heard == [sorted(c.pk for c in issued)]
    generation = snapshot.generation
    snapshot.refresh_from_db()
    assert snapshot.generation == generation + 1
