"""Demo certification: the default tiers, and certificates awarded as people earned them, in time order.

The default tiers are installed; then, day by day through the demo's history,
each person whose learning, policy acknowledgement or practice reviews changed
that day is checked, and gets the certificates they have earned *as of that
moment* (:func:`~socialu.certification.services.certificates_award` with a
date counts only what was done by then). So a certificate is never dated
before its requirements were met, a Practitioner certificate comes after the
Ambassador one it builds on, and the few Professionals earn their diploma after
their practice reviews. The pilot group certified about a year ago are about to
expire; those who have not acknowledged the policy's new version are suspended
from the register until they do; one certificate is revoked.

Running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.certification.requirements import requirement_kind
from socialu.certification.services import certificate_revoke, certificates_award, tiers_install_default
from socialu.core.models import Organisation
from socialu.demo import seed_governance
from socialu.demo.seed_learning import DEMO_LEARNER_EMAIL
from socialu.governance.models import Acknowledgement
from socialu.governance.policies.selectors import pending_policies
from socialu.governance.policies.services import policy_acknowledge
from socialu.learning.models import Enrolment
from socialu.people.selectors import people_in
from socialu.practice.models import Attempt

REVOKED_REASON = "Shared an unannounced product launch date from a personal account before the embargo lifted."


def _demo_learner_acknowledges(organisation: Organisation) -> None:
    """The demo learner has read the policy, so only a lesson and a quiz stand between them and Ambassador."""
    person = people_in(organisation=organisation).filter(email=DEMO_LEARNER_EMAIL).first()
    if person is not None:
        for version in pending_policies(organisation=organisation, person=person):
            policy_acknowledge(person=person, version=version)


def _milestones(organisation: Organisation) -> Iterator[tuple[int, datetime | None]]:
    """Yield (person, moment) for everything that can earn a tier: courses, acknowledgements, passed reviews."""
    yield from Enrolment.objects.filter(organisation=organisation, completed_at__isnull=False).values_list(
        "person_id", "completed_at"
    )
    yield from Acknowledgement.objects.filter(organisation=organisation).values_list("person_id", "acknowledged_at")
    yield from Attempt.objects.filter(organisation=organisation, passed=True, reviewed_at__isnull=False).values_list(
        "person_id", "reviewed_at"
    )


def _award_history(organisation: Organisation) -> None:
    """Award, day by day in time order, what the people active that day had earned by the end of it."""
    now = timezone.now()
    days: dict[date, tuple[datetime, set[int]]] = {}
    for person_id, moment in _milestones(organisation):
        if moment is None or moment > now:
            continue
        day = timezone.localtime(moment).date()
        latest, people = days.get(day, (moment, set()))
        people.add(person_id)
        days[day] = (max(latest, moment), people)
    for day in sorted(days):
        moment, people = days[day]
        certificates_award(organisation=organisation, person_ids=people, now=moment)


def _revoke_one(organisation: Organisation) -> None:
    """Revoke the certificate of one Ambassador who holds no higher tier."""
    if Certificate.objects.filter(organisation=organisation, revoked_at__isnull=False).exists():
        return
    higher = Certificate.objects.filter(organisation=organisation, tier__rank__gt=1).values("person_id")
    target = (
        Certificate.objects.filter(
            organisation=organisation,
            tier__slug="ambassador",
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(person_id__in=higher)
        .order_by("pk")
        .last()
    )
    if target is not None:
        certificate_revoke(certificate=target, reason=REVOKED_REASON, notify=False)


def seed(organisation: Organisation) -> None:
    """Install the default tiers, award what the demo learners earned as they earned it, and revoke one."""
    if requirement_kind("policy_acknowledged") is not None:
        # The Ambassador tier asks for the policy to be acknowledged: seed that first (it is idempotent).
        seed_governance.seed(organisation)
        _demo_learner_acknowledges(organisation)
    tiers_install_default(organisation=organisation)
    if not Certificate.objects.filter(organisation=organisation).exists():
        _award_history(organisation)
    _revoke_one(organisation)
