"""Deciding who has earned a tier, and issuing their certificates.

Evaluation is set-based: for each active tier, each requirement answers which
people meet it in a query or two, and the answers are intersected. A whole
organisation costs a few queries per requirement, not per person.

Renewal needs fresh evidence. Someone whose certificate of a tier is inside
its reminder window (or has expired) earns a new one only when they meet every
requirement again *and* have passed a quiz of one of the tier's courses since
the window opened (any quiz, when the tier names no course). After a
revocation the same holds from the revocation date, so that a revoked
certificate is not silently re-issued on the next lesson completed.

Tiers nest: a certificate of a tier that requires another tier to be held is
valid no longer than the certificate it builds on, so that nobody holds
Practitioner after their Ambassador certificate has run out. Renewing the lower
tier (with a fresh quiz pass) renews the higher ones at the same time, because
their renewal windows open together.

Time runs forward: certificates may be awarded as of a moment in the past (a
backfill, the demo), but then only records dated at or before that moment
count, and never for a moment in the future.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from socialu.certification.errors import CertificationError
from socialu.certification.kinds import COURSES_PASSED, MIN_QUIZ_SCORE, certificates_held_at
from socialu.certification.models import Certificate, Requirement, Tier
from socialu.certification.nesting import required_tier_slugs
from socialu.certification.requirements import evaluated_at, requirement_kind
from socialu.certification.signals import certificates_changed_announce
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.selectors import people_in

# No 0/O, 1/I/L: a code read aloud or typed from paper is hard to get wrong.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
# A moment given to certificates_award this close to now counts as now (clocks and slow requests).
_NOW_TOLERANCE = timedelta(minutes=1)


def code_generate() -> str:
    """Return a new random verification code (about 59 bits): unguessable and easy to type."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(text: str) -> str:
    """Return *text* as a stored code: capitals, without the spaces and dashes people type."""
    return "".join(character for character in text.upper() if character.isalnum())


def code_display(code: str) -> str:
    """Return a code in groups of four, as printed: ABCD-EFGH-JKMN."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def add_months(moment: datetime, months: int) -> datetime:
    """Return *moment* plus whole calendar months (the 31st becomes the month's last day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("Unreachable: every month has a 28th.")


def reminder_opens_at(certificate: Certificate, tier: Tier) -> datetime:
    """Return when the reminder (and recertification) window of *certificate* opens."""
    return certificate.expires_at - timedelta(days=tier.reminder_days)


@dataclass(frozen=True)
class CheckedRequirement:
    requirement: Requirement
    available: bool


def checkable(tier: Tier) -> list[CheckedRequirement]:
    """Return the tier's requirements, saying which can be checked (their kind is registered)."""
    return [
        CheckedRequirement(requirement=requirement, available=requirement_kind(requirement.kind) is not None)
        for requirement in tier.requirements.all()
    ]


def people_meeting_tier(
    *, organisation: Organisation, tier: Tier, person_ids: Collection[int] | None
) -> set[int] | None:
    """Return the people meeting every checkable requirement; None when the tier has none to check.

    A requirement whose kind is not registered (its capability is not
    installed yet) is skipped: it cannot be checked, and the page says so.
    A tier with nothing checkable awards nobody.
    """
    meeting: set[int] | None = None
    for item in checkable(tier):
        if not item.available:
            continue
        kind = requirement_kind(item.requirement.kind)
        assert kind is not None
        found = kind.people_meeting(organisation, item.requirement.parameters, person_ids)
        meeting = found if meeting is None else meeting & found
        if not meeting:
            return set()
    return meeting


def tier_course_slugs(tier: Tier) -> list[str]:
    """Return the courses a tier names (in courses-passed and quiz-score requirements), in order."""
    slugs: list[str] = []
    for requirement in tier.requirements.all():
        if requirement.kind in {COURSES_PASSED, MIN_QUIZ_SCORE}:
            for slug in requirement.parameters.get("courses") or []:
                if isinstance(slug, str) and slug not in slugs:
                    slugs.append(slug)
    return slugs


def _latest_certificates(
    organisation: Organisation, tier: Tier, person_ids: Iterable[int], moment: datetime
) -> dict[int, Certificate]:
    latest: dict[int, Certificate] = {}
    ids = sorted(person_ids)
    for start in range(0, len(ids), 500):
        for certificate in Certificate.objects.filter(
            organisation=organisation, tier=tier, person_id__in=ids[start : start + 500], issued_at__lte=moment
        ).order_by("issued_at", "pk"):
            latest[certificate.person_id] = certificate
    return latest


def _last_quiz_pass(
    organisation: Organisation, tier: Tier, person_ids: list[int], moment: datetime
) -> dict[int, datetime]:
    passes = QuizAttempt.objects.filter(
        organisation=organisation, passed=True, submitted_at__isnull=False, submitted_at__lte=moment
    )
    slugs = tier_course_slugs(tier)
    if slugs:
        passes = passes.filter(quiz__course__slug__in=slugs)
    found: dict[int, datetime] = {}
    for start in range(0, len(person_ids), 500):
        rows = (
            passes.filter(person_id__in=person_ids[start : start + 500])
            .values("person_id")
            .annotate(last=Max("submitted_at"))
            .order_by()
        )
        found.update({row["person_id"]: row["last"] for row in rows})
    return found


def _to_issue(organisation: Organisation, tier: Tier, meeting: set[int], now: datetime) -> dict[int, str]:
    """Return person id → the code of the certificate renewed ("" for a first award)."""
    latest = _latest_certificates(organisation, tier, meeting, now)
    issue: dict[int, str] = {}
    fresh_since: dict[int, datetime] = {}
    for person_id in meeting:
        certificate = latest.get(person_id)
        if certificate is None:
            issue[person_id] = ""
        elif certificate.revoked_at is not None:
            fresh_since[person_id] = certificate.revoked_at
        elif now >= reminder_opens_at(certificate, tier):
            fresh_since[person_id] = reminder_opens_at(certificate, tier)
    if fresh_since:
        last_pass = _last_quiz_pass(organisation, tier, sorted(fresh_since), now)
        for person_id, since in fresh_since.items():
            passed = last_pass.get(person_id)
            if passed is not None and passed >= since:
                issue[person_id] = latest[person_id].code
    return issue


def _unique_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {code_generate() for _ in range(min(count - len(codes), 500))}
        taken = set(Certificate.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return list(codes)


def _evidence(tier: Tier, course_versions: dict[str, int | None], renewal_of: str) -> dict[str, Any]:
    requirements = []
    for item in checkable(tier):
        kind = requirement_kind(item.requirement.kind)
        requirements.append(
            {
                "kind": item.requirement.kind,
                "description": kind.describe(item.requirement.parameters) if kind else item.requirement.kind,
                "parameters": dict(item.requirement.parameters),
                "checked": item.available,
            }
        )
    evidence: dict[str, Any] = {"requirements": requirements, "courses": course_versions}
    if renewal_of:
        evidence["renewal_of"] = renewal_of
    return evidence


def _course_versions(
    organisation: Organisation, person_ids: list[int], moment: datetime
) -> dict[int, dict[str, int | None]]:
    versions: dict[int, dict[str, int | None]] = {}
    for start in range(0, len(person_ids), 500):
        rows = Enrolment.objects.filter(
            organisation=organisation,
            person_id__in=person_ids[start : start + 500],
            completed_at__isnull=False,
            completed_at__lte=moment,
        ).values_list("person_id", "course_slug", "completed_version")
        for person_id, slug, version in rows:
            versions.setdefault(person_id, {})[slug] = version
    return versions


def _candidates(organisation: Organisation, person_ids: Collection[int] | None) -> set[int]:
    people = people_in(organisation=organisation, active=True)
    if person_ids is None:
        return set(people.values_list("pk", flat=True))
    ids = sorted(set(person_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        found |= set(people.filter(pk__in=ids[start : start + 500]).values_list("pk", flat=True))
    return found


def _expiry_caps(
    organisation: Organisation, tier: Tier, person_ids: list[int], moment: datetime
) -> dict[int, datetime]:
    """Return, per person, when the certificates *tier* builds on run out (the latest held of each, the earliest)."""
    caps: dict[int, datetime] = {}
    for slug in required_tier_slugs(tier):
        for start in range(0, len(person_ids), 500):
            rows = (
                certificates_held_at(organisation, slug, moment)
                .filter(person_id__in=person_ids[start : start + 500])
                .values("person_id")
                .annotate(until=Max("expires_at"))
                .order_by()
                .values_list("person_id", "until")
            )
            for person_id, until in rows:
                caps[person_id] = min(until, caps.get(person_id, until))
    return caps


def _award_moment(tiers: list[Tier], now: datetime | None) -> datetime | None:
    """Return the moment to award as of (None: now), refusing one in the future or one that cannot be checked."""
    if now is None:
        return None
    real_now = timezone.now()
    if now > real_now + _NOW_TOLERANCE:
        raise CertificationError("Certificates cannot be dated in the future. Award them now, or as of a past date.")
    if now >= real_now - _NOW_TOLERANCE:
        return now
    for tier in tiers:
        for item in checkable(tier):
            kind = requirement_kind(item.requirement.kind)
            if item.available and kind is not None and not kind.as_of:
                raise CertificationError(
                    f"“{kind.label}” (a requirement of {tier.name}) can only be checked as of now, so certificates "
                    "of this tier cannot be dated in the past. Award them without a date."
                )
    return now


def certificates_award(
    *, organisation: Organisation, person_ids: Collection[int] | None = None, now: datetime | None = None
) -> list[Certificate]:
    """Issue a certificate to every active person (or of *person_ids*) who has newly earned a tier.

    Tiers are evaluated from the lowest rank up, so that a certificate issued
    here counts at once for a higher tier that requires it. With *now*, award
    as of that moment: only records dated then or before count, and the
    certificates are dated then (a moment in the future is refused). Return the
    certificates issued; running it again issues nothing new.
    """
    tiers = list(
        Tier.objects.filter(organisation=organisation, is_active=True)
        .prefetch_related("requirements")
        .order_by("rank", "pk")
    )
    as_of = _award_moment(tiers, now)
    moment = as_of or timezone.now()
    candidates = _candidates(organisation, person_ids)
    issued: list[Certificate] = []
    if not candidates:
        return issued
    scope = None if person_ids is None else sorted(candidates)
    with evaluated_at(as_of):
        for tier in tiers:
            with transaction.atomic():
                issued.extend(_award_tier(organisation, tier, scope, candidates, moment))
    return issued


def _award_tier(
    organisation: Organisation, tier: Tier, scope: list[int] | None, candidates: set[int], moment: datetime
) -> list[Certificate]:
    meeting = people_meeting_tier(organisation=organisation, tier=tier, person_ids=scope)
    if not meeting:
        return []
    issue = _to_issue(organisation, tier, meeting & candidates, moment)
    if not issue:
        return []
    ids = sorted(issue)
    names: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        names.update(people_in(organisation=organisation).filter(pk__in=chunk).values_list("pk", "name"))
    versions = _course_versions(organisation, ids, moment)
    expires = add_months(moment, tier.validity_months)
    caps = _expiry_caps(organisation, tier, ids, moment)
    new = [
        Certificate(
            organisation=organisation,
            person_id=person_id,
            tier=tier,
            code=code,
            holder_name=names.get(person_id, ""),
            tier_name=tier.name,
            issued_at=moment,
            expires_at=min(expires, caps.get(person_id, expires)),
            evidence=_evidence(tier, versions.get(person_id, {}), issue[person_id]),
        )
        for person_id, code in zip(ids, _unique_codes(len(ids)), strict=True)
    ]
    created = Certificate.objects.bulk_create(new, batch_size=500)
    certificates_changed_announce(
        organisation=organisation, certificate_ids=[certificate.pk for certificate in created]
    )
    return created
