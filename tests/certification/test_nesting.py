"""Tiers nest: a higher certificate lasts no longer than the one it builds on, is revoked with it, and the
tier editor warns when an organisation's own tiers would let someone hold a higher tier without a lower one.
Certificates can be awarded as of a past moment, counting only what was done by then, never in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from socialu.certification.awarding import add_months
from socialu.certification.models import Certificate, Requirement, Tier
from socialu.certification.requirements import _KINDS as REGISTERED_KINDS
from socialu.certification.requirements import RequirementKind, requirement_kind, requirement_kind_register
from socialu.certification.services import (
    CertificationError,
    certificate_revoke,
    certificates_award,
    requirement_add,
)
from socialu.core.models import Organisation
from socialu.curriculum.models import Lesson, Quiz
from socialu.learning.services import lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from tests.certification.support import make_tier
from tests.factories import PersonFactory
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db

ONE_WRONG = {**ALL_RIGHT, "the-scenario": [0]}  # 75%


def _basics(person: Person, moment: datetime, answers: dict[str, list[int]] = ALL_RIGHT) -> None:
    """Do the basics course at *moment*: its two lessons, then its quiz."""
    for offset, lesson in enumerate(
        Lesson.objects.filter(module__course__organisation_id=person.organisation_id, module__course__slug="basics")
    ):
        lesson_complete(person=person, lesson=lesson, at=moment + timedelta(minutes=offset))
    _quiz(person, moment + timedelta(minutes=10), answers)


def _quiz(person: Person, moment: datetime, answers: dict[str, list[int]]) -> None:
    quiz = Quiz.objects.get(organisation_id=person.organisation_id, course__slug="basics")
    quiz_attempt_submit(person=person, quiz=quiz, answers=answers, started_at=moment - timedelta(minutes=4), at=moment)


@pytest.fixture
def ladder(curriculum: Organisation) -> tuple[Tier, Tier]:
    """Ambassador (basics passed) and Practitioner (Ambassador held, every quiz at 90% or more)."""
    ambassador = make_tier(curriculum, "ambassador", ("courses_passed", {"courses": ["basics"]}), rank=1)
    practitioner = make_tier(
        curriculum,
        "practitioner",
        ("tier_held", {"tier": "ambassador"}),
        ("min_quiz_score", {"min_percent": 90}),
        rank=2,
    )
    return ambassador, practitioner


def test_a_higher_certificate_is_valid_no_longer_than_the_one_it_builds_on(ladder: tuple[Tier, Tier]) -> None:
    ambassador, practitioner = ladder
    person = PersonFactory.create(organisation=ambassador.organisation)
    start = timezone.now() - timedelta(days=200)
    _basics(person, start, ONE_WRONG)
    [first] = certificates_award(organisation=ambassador.organisation, now=start + timedelta(hours=1))
    assert first.tier == ambassador and first.issued_at == start + timedelta(hours=1)

    later = start + timedelta(days=120)
    _quiz(person, later, ALL_RIGHT)
    [second] = certificates_award(organisation=ambassador.organisation, now=later + timedelta(hours=1))

    assert second.tier == practitioner
    assert second.expires_at == first.expires_at < add_months(second.issued_at, practitioner.validity_months)


def test_renewing_the_lower_tier_renews_the_higher_one_too(ladder: tuple[Tier, Tier]) -> None:
    ambassador, practitioner = ladder
    person = PersonFactory.create(organisation=ambassador.organisation)
    start = timezone.now() - timedelta(days=350)
    _basics(person, start)
    certificates_award(organisation=ambassador.organisation, now=start + timedelta(hours=1))
    assert Certificate.objects.filter(person=person).count() == 2  # both at once: every quiz at 100%

    _quiz(person, timezone.now() - timedelta(minutes=2), ALL_RIGHT)  # fresh evidence inside the window
    renewed = certificates_award(organisation=ambassador.organisation)

    assert {certificate.tier for certificate in renewed} == {ambassador, practitioner}
    by_tier = {certificate.tier: certificate for certificate in renewed}
    assert by_tier[practitioner].expires_at == by_tier[ambassador].expires_at
    assert by_tier[ambassador].expires_at > timezone.now() + timedelta(days=300)


def test_revoking_a_certificate_revokes_the_ones_built_on_it(
    ladder: tuple[Tier, Tier], django_capture_on_commit_callbacks: Any
) -> None:
    ambassador, practitioner = ladder
    organisation = ambassador.organisation
    person = PersonFactory.create(organisation=organisation, email="holder@acme.example")
    bystander = PersonFactory.create(organisation=organisation)
    _basics(person, timezone.now() - timedelta(days=3))
    _basics(bystander, timezone.now() - timedelta(days=3))
    certificates_award(organisation=organisation)
    held = Certificate.objects.get(person=person, tier=ambassador)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=held, reason="Posted confidential figures.")

    higher = Certificate.objects.get(person=person, tier=practitioner)
    assert higher.revoked_at == Certificate.objects.get(pk=held.pk).revoked_at is not None
    assert "builds on" in higher.revoked_reason and "Posted confidential figures." in higher.revoked_reason
    assert not Certificate.objects.filter(person=bystander, revoked_at__isnull=False).exists()
    [message] = mail.outbox
    assert "Practitioner" in message.body and "revoked with it" in message.body


def test_awarding_as_of_a_past_moment_counts_only_what_was_done_by_then(ladder: tuple[Tier, Tier]) -> None:
    ambassador, _ = ladder
    person = PersonFactory.create(organisation=ambassador.organisation)
    done = timezone.now() - timedelta(days=10)
    _basics(person, done)

    assert certificates_award(organisation=ambassador.organisation, now=done - timedelta(days=1)) == []
    issued = certificates_award(organisation=ambassador.organisation, now=done + timedelta(hours=2))

    assert [certificate.tier for certificate in issued] == [ambassador, ladder[1]]
    assert all(certificate.issued_at == done + timedelta(hours=2) for certificate in issued)
    assert set(issued[0].evidence["courses"]) == {"basics"}


def test_certificates_cannot_be_dated_in_the_future(ladder: tuple[Tier, Tier]) -> None:
    with pytest.raises(CertificationError, match="cannot be dated in the future"):
        certificates_award(organisation=ladder[0].organisation, now=timezone.now() + timedelta(days=1))


@pytest.fixture
def only_now_kind() -> Iterator[str]:
    """A requirement kind that, like one from a plug-in written before dates mattered, checks only the present."""
    key = "attended_today"
    requirement_kind_register(
        RequirementKind(
            key=key,
            label="Attended today",
            describe=lambda parameters: "Attend",
            validate=lambda parameters: [],
            people_meeting=lambda organisation, parameters, person_ids: set(person_ids or []),
        )
    )
    yield key
    REGISTERED_KINDS.pop(key, None)


def test_a_requirement_that_can_only_be_checked_now_refuses_a_backdated_award(
    ladder: tuple[Tier, Tier], only_now_kind: str
) -> None:
    ambassador, _ = ladder
    Requirement.objects.create(organisation=ambassador.organisation, tier=ambassador, kind=only_now_kind, position=9)
    with pytest.raises(CertificationError, match=r"“Attended today” .* cannot be dated in the past"):
        certificates_award(organisation=ambassador.organisation, now=timezone.now() - timedelta(days=3))
    assert requirement_kind(only_now_kind) is not None


def test_requiring_a_tier_that_requires_this_one_is_refused(ladder: tuple[Tier, Tier]) -> None:
    ambassador, _ = ladder
    with pytest.raises(CertificationError, match="nobody could earn either"):
        requirement_add(tier=ambassador, kind="tier_held", parameters={"tier": "practitioner"})
    assert not ambassador.requirements.filter(kind="tier_held").exists()


def test_the_editor_warns_when_tiers_do_not_nest_and_offers_the_fix(
    curriculum: Organisation, admin_client: Client
) -> None:
    make_tier(curriculum, "ambassador", ("courses_passed", {"courses": ["basics"]}), rank=1)
    make_tier(curriculum, "practitioner", ("min_quiz_score", {"min_percent": 80}), rank=2)
    make_tier(curriculum, "professional", ("tier_held", {"tier": "practitioner"}), rank=3)

    page = admin_client.get("/o/acme/certification/").content.decode()
    assert "Your tiers do not nest" in page
    assert "Someone could hold Practitioner without Ambassador" in page
    assert "Professional without" not in page  # it requires Practitioner: fixing Practitioner fixes it
    tier_page = admin_client.get("/o/acme/certification/tiers/practitioner/").content.decode()
    assert "Require Ambassador to be held" in tier_page

    response = admin_client.post(
        "/o/acme/certification/tiers/practitioner/requirements/",
        {"kind": "tier_held", "parameters": "{tier: ambassador}"},
    )

    assert response.status_code == 302
    assert "do not nest" not in admin_client.get("/o/acme/certification/").content.decode()


def test_the_editor_warns_when_a_tier_requires_a_higher_one(curriculum: Organisation, admin_client: Client) -> None:
    make_tier(curriculum, "ambassador", ("tier_held", {"tier": "practitioner"}), rank=1)
    make_tier(curriculum, "practitioner", ("min_quiz_score", {"min_percent": 80}), rank=2)

    page = admin_client.get("/o/acme/certification/tiers/ambassador/").content.decode()

    assert "Ambassador requires Practitioner, which ranks higher" in page


def test_the_command_line_lists_the_nesting_warnings(curriculum: Organisation) -> None:
    import io
    import json

    from django.core.management import call_command

    make_tier(curriculum, "ambassador", ("courses_passed", {"courses": ["basics"]}), rank=1)
    make_tier(curriculum, "practitioner", ("min_quiz_score", {"min_percent": 80}), rank=2)
    out = io.StringIO()
    call_command("certification", "tiers", "list", "--org", "acme", stdout=out)
    assert "Warning: Someone could hold Practitioner without Ambassador" in out.getvalue()
    out = io.StringIO()
    call_command("certification", "tiers", "list", "--org", "acme", "--json", stdout=out)
    [warning] = json.loads(out.getvalue())["nesting_warnings"]
    assert warning.startswith("Someone could hold Practitioner without Ambassador")
