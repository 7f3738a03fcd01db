"""Tiers and requirements, revocation, expiry reminders and recertification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from socialu.certification.models import Certificate, Requirement, Tier
from socialu.certification.services import (
    CertificationError,
    certificate_reminders_send,
    certificate_revoke,
    recertification_start,
    requirement_add,
    tier_update,
    tiers_install_default,
)
from socialu.certification.tasks import certification_daily_run
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment
from socialu.people.models import Person
from tests.certification.support import complete_basics, make_certificate
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_default_tiers_install_once_with_their_requirements(organisation: Organisation) -> None:
    created = tiers_install_default(organisation=organisation)
    assert [tier.slug for tier in created] == ["ambassador", "practitioner", "professional"]
    professional = Tier.objects.get(organisation=organisation, slug="professional")
    assert list(professional.requirements.values_list("kind", "parameters")) == [
        ("tier_held", {"tier": "practitioner"}),
        ("practice_reviews_passed", {"count": 2}),
        ("min_quiz_score", {"min_percent": 90}),
    ]
    assert all(t.validity_months == 12 and t.reminder_days == 30 for t in created)
    Tier.objects.filter(slug="ambassador").update(name="Our ambassadors")
    assert tiers_install_default(organisation=organisation) == []
    assert Tier.objects.get(organisation=organisation, slug="ambassador").name == "Our ambassadors"


@pytest.mark.parametrize(
    ("kind", "parameters", "message"),
    [
        ("courses_passed", {}, "List at least one course slug"),
        ("courses_passed", {"courses": ["no-such-course"]}, "There is no course no-such-course"),
        ("min_quiz_score", {"min_percent": 120}, "whole number from 0 to 100"),
        ("min_quiz_score", {"min_percent": 80, "colour": "red"}, "Unknown setting(s): colour"),
        ("tier_held", {"tier": "ambassador"}, "cannot require itself"),
        ("tier_held", {"tier": "wizard"}, "There is no tier “wizard”"),
        ("made_up", {}, "not a kind of requirement"),
    ],
)
def test_a_requirement_with_wrong_settings_is_refused(
    ambassador: Tier, kind: str, parameters: dict[str, Any], message: str
) -> None:
    with pytest.raises(CertificationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        requirement_add(tier=ambassador, kind=kind, parameters=parameters)


def test_a_valid_requirement_is_added_last(ambassador: Tier) -> None:
    requirement = requirement_add(tier=ambassador, kind="min_quiz_score", parameters={"min_percent": 85})
    assert requirement.position == 1
    assert list(Requirement.objects.filter(tier=ambassador).values_list("kind", flat=True)) == [
        "courses_passed",
        "min_quiz_score",
    ]


def test_a_tier_reminder_must_fall_inside_its_validity(ambassador: Tier) -> None:
    with pytest.raises(CertificationError, match="fewer days"):
        tier_update(tier=ambassador, name="A", description="", validity_months=1, reminder_days=40, is_active=True)
    tier_update(
        tier=ambassador, name="Ambassador", description="Hi", validity_months=24, reminder_days=60, is_active=True
    )
    ambassador.refresh_from_db()
    assert (ambassador.validity_months, ambassador.reminder_days) == (24, 60)


def test_revoking_records_the_reason_and_emails_the_holder(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(organisation=organisation, email="holder@acme.example")
    certificate = make_certificate(organisation, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Shared confidential figures.")
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Shared confidential figures."
    assert mail.outbox[0].to == ["holder@acme.example"]
    assert "Shared confidential figures." in mail.outbox[0].body
    with pytest.raises(CertificationError, match="already revoked"):
        certificate_revoke(certificate=certificate, reason="Again")


def test_revoking_needs_a_reason(organisation: Organisation) -> None:
    with pytest.raises(CertificationError, match="Say why"):
        certificate_revoke(certificate=make_certificate(organisation), reason="  ")


def test_reminders_go_once_to_holders_inside_the_window(organisation: Organisation) -> None:
    now = timezone.now()
    due = make_certificate(organisation, issued_at=now - timedelta(days=350))  # expires in ~10 days
    make_certificate(organisation, issued_at=now - timedelta(days=10))  # far from expiry
    revoked = make_certificate(organisation, issued_at=now - timedelta(days=350))
    left = make_certificate(organisation, issued_at=now - timedelta(days=350))
    Person.objects.filter(pk=left.person_id).update(is_active=False)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=now)

    assert certificate_reminders_send(organisation=organisation) == 1
    assert mail.outbox[0].to == [due.person.email]
    assert "Recertify" in mail.outbox[0].body
    assert f"/o/{organisation.slug}/certificates/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.reminded_at is not None
    assert certificate_reminders_send(organisation=organisation) == 1 - 1


def test_recertifying_re_enrols_in_the_tiers_courses(ambassador: Tier) -> None:
    organisation = ambassador.organisation
    person = PersonFactory.create(organisation=organisation)
    make_certificate(organisation, person=person, tier=ambassador, issued_at=timezone.now() - timedelta(days=350))
    assert recertification_start(person=person, tier=ambassador) == ["basics"]
    assert Enrolment.objects.filter(person=person, course_slug="basics").exists()


def test_recertifying_too_early_or_after_revocation_is_refused(ambassador: Tier) -> None:
    organisation = ambassador.organisation
    person = PersonFactory.create(organisation=organisation)
    with pytest.raises(CertificationError, match="do not hold"):
        recertification_start(person=person, tier=ambassador)
    certificate = make_certificate(organisation, person=person, tier=ambassador)
    with pytest.raises(CertificationError, match="not due for renewal yet"):
        recertification_start(person=person, tier=ambassador)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    with pytest.raises(CertificationError, match="revoked"):
        recertification_start(person=person, tier=ambassador)


def test_the_daily_run_awards_announces_and_reminds_across_organisations(ambassador: Tier) -> None:
    organisation = ambassador.organisation
    earner = PersonFactory.create(organisation=organisation, email="earner@acme.example")
    complete_basics(earner)
    make_certificate(organisation, issued_at=timezone.now() - timedelta(days=350))

    result = certification_daily_run.enqueue()

    assert result.return_value == {"awarded": 1, "reminded": 1, "suspended_reminded": 0}
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0] == "You are certified: Ambassador"
    assert subjects[1].startswith("Your Ambassador certificate expires on")
