"""Demo certification: tiers and the certificates the demo learners have earned.

The default tiers are installed and everyone who has met a tier's
requirements gets a certificate dated when they finished their last course.
A few were issued almost a year ago, so the register has people whose
certification expires within 30 days, and one certificate is revoked.
Running it again changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from socialu.certification.awarding import add_months
from socialu.certification.models import Certificate
from socialu.certification.requirements import requirement_kind
from socialu.certification.services import certificate_revoke, certificates_award, tiers_install_default
from socialu.core.models import Organisation
from socialu.demo import seed_governance
from socialu.demo.seed_learning import DEMO_LEARNER_EMAIL
from socialu.governance.policies.selectors import pending_policies
from socialu.governance.policies.services import policy_acknowledge
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.selectors import people_in

EXPIRING_SHARE = 12  # one certificate in this many is about to expire
REVOKED_REASON = "Shared an unannounced product launch date from a personal account before the embargo lifted."


def _backdate(organisation: Organisation, certificates: list[Certificate]) -> None:
    """Date each new certificate when its holder finished their last course; age a few to near expiry."""
    now = timezone.now()
    ids = sorted({certificate.person_id for certificate in certificates})
    finished: dict[int, datetime] = {}
    last_pass: dict[int, datetime] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        finished.update(
            Enrolment.objects.filter(organisation=organisation, person_id__in=chunk, completed_at__isnull=False)
            .values("person_id")
            .annotate(last=Max("completed_at"))
            .order_by()
            .values_list("person_id", "last")
        )
        last_pass.update(
            QuizAttempt.objects.filter(organisation=organisation, person_id__in=chunk, passed=True)
            .values("person_id")
            .annotate(last=Max("submitted_at"))
            .order_by()
            .values_list("person_id", "last")
        )
    updates = []
    for index, certificate in enumerate(sorted(certificates, key=lambda c: c.pk)):
        issued = finished.get(certificate.person_id) or certificate.issued_at
        passed = last_pass.get(certificate.person_id)
        # Age only holders whose last quiz pass is older than the reminder window: a fresh pass would renew them.
        old_enough = passed is None or passed < now - timedelta(days=40)
        if index % EXPIRING_SHARE == 0 and old_enough:
            issued = add_months(now, -certificate.tier.validity_months) + timedelta(days=3 + index % 25)
        certificate.issued_at = issued
        certificate.expires_at = add_months(certificate.issued_at, certificate.tier.validity_months)
        updates.append(certificate)
    Certificate.objects.bulk_update(updates, ["issued_at", "expires_at"], batch_size=1000)


def _demo_learner_acknowledges(organisation: Organisation) -> None:
    """The demo learner has read the policy, so only a lesson and a quiz stand between them and Ambassador."""
    person = people_in(organisation=organisation).filter(email=DEMO_LEARNER_EMAIL).first()
    if person is not None:
        for version in pending_policies(organisation=organisation, person=person):
            policy_acknowledge(person=person, version=version)


def seed(organisation: Organisation) -> None:
    """Install the default tiers, award what the demo learners have earned, and revoke one certificate."""
    if requirement_kind("policy_acknowledged") is not None:
        # The Ambassador tier asks for the policy to be acknowledged: seed that first (it is idempotent).
        seed_governance.seed(organisation)
        _demo_learner_acknowledges(organisation)
    tiers_install_default(organisation=organisation)
    with transaction.atomic():
        issued = certificates_award(organisation=organisation)
        if issued:
            _backdate(organisation, issued)
    if not Certificate.objects.filter(organisation=organisation, revoked_at__isnull=False).exists():
        target = (
            Certificate.objects.filter(organisation=organisation, tier__slug="ambassador", revoked_at__isnull=True)
            .order_by("pk")
            .last()
        )
        if target is not None:
            certificate_revoke(certificate=target, reason=REVOKED_REASON, notify=False)
