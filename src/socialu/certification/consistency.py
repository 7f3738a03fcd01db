"""Consistency checks over certificates, run by ``socialu doctor`` (see :mod:`socialu.core.consistency`).

A certificate is issued after its requirements were met, is valid for a while
after it was issued, and a higher tier is held only with the lower tier it
builds on. The checks find certificates that say otherwise. The evidence a
certificate records (the courses completed when it was issued, the
requirements it was checked against) is what they compare with.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.fields.json import KT

from socialu.certification.kinds import TIER_HELD
from socialu.certification.models import Certificate
from socialu.core.consistency import (
    FUTURE_TOLERANCE_MINUTES,
    CheckResult,
    ConsistencyCheck,
    Finding,
    consistency_check_register,
    moment_text,
)
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment

_CHUNK = 1000


def _holder(certificate: Any) -> str:
    return f"{certificate.holder_name}, {certificate.tier_name} certificate {certificate.code}"


def _certificates(organisation: Organisation) -> Iterator[list[Certificate]]:
    """Yield the organisation's certificates in chunks, with only what the checks read."""
    rows = Certificate.objects.filter(organisation=organisation).only(
        "pk", "person_id", "holder_name", "tier_name", "code", "issued_at", "evidence"
    )
    chunk: list[Certificate] = []
    for certificate in rows.order_by("pk").iterator(chunk_size=_CHUNK):
        chunk.append(certificate)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _before_courses(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    """Certificates whose evidence names a course the holder completed only after the certificate was issued."""
    count, examples = 0, list[Finding]()
    for chunk in _certificates(organisation):
        completed: dict[tuple[int, str], datetime] = {}
        for person_id, slug, moment in Enrolment.objects.filter(
            organisation=organisation, person_id__in={c.person_id for c in chunk}, completed_at__isnull=False
        ).values_list("person_id", "course_slug", "completed_at"):
            if moment is not None:
                completed[(person_id, slug)] = moment
        for certificate in chunk:
            late = [
                (slug, completed[(certificate.person_id, slug)])
                for slug in (certificate.evidence or {}).get("courses") or {}
                if (certificate.person_id, slug) in completed
                and completed[(certificate.person_id, slug)] > certificate.issued_at
            ]
            if late:
                count += 1
                if len(examples) < limit:
                    slug, moment = late[0]
                    examples.append(
                        Finding(
                            _holder(certificate),
                            f"issued {moment_text(certificate.issued_at)}, but {slug} was completed "
                            f"{moment_text(moment)}",
                        )
                    )
    return CheckResult(count, examples)


def _required_tiers(certificate: Certificate) -> list[str]:
    return [
        str(item.get("parameters", {}).get("tier", ""))
        for item in (certificate.evidence or {}).get("requirements") or []
        if item.get("kind") == TIER_HELD and item.get("checked", True) and item.get("parameters", {}).get("tier")
    ]


def _held(organisation: Organisation, person_ids: set[int]) -> dict[int, list[tuple[str, datetime, datetime, Any]]]:
    held: dict[int, list[tuple[str, datetime, datetime, Any]]] = {}
    for person_id, slug, issued, expires, revoked in Certificate.objects.filter(
        organisation=organisation, person_id__in=person_ids
    ).values_list("person_id", "tier__slug", "issued_at", "expires_at", "revoked_at"):
        held.setdefault(person_id, []).append((slug, issued, expires, revoked))
    return held


def _held_at(rows: list[tuple[str, datetime, datetime, Any]], slug: str, moment: datetime) -> bool:
    return any(
        tier == slug and issued <= moment < expires and (revoked is None or revoked > moment)
        for tier, issued, expires, revoked in rows
    )


def _before_tier_held(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    """Certificates of a tier that requires another tier held, issued when the holder did not hold it."""
    count, examples = 0, list[Finding]()
    for chunk in _certificates(organisation):
        wanted = {c.pk: _required_tiers(c) for c in chunk}
        people = {c.person_id for c in chunk if wanted[c.pk]}
        held = _held(organisation, people) if people else {}
        for certificate in chunk:
            missing = [
                slug
                for slug in wanted[certificate.pk]
                if not _held_at(held.get(certificate.person_id, []), slug, certificate.issued_at)
            ]
            if missing:
                count += 1
                if len(examples) < limit:
                    examples.append(
                        Finding(
                            _holder(certificate),
                            f"issued {moment_text(certificate.issued_at)}, when no {missing[0]} certificate of "
                            "theirs was valid",
                        )
                    )
    return CheckResult(count, examples)


def _higher_without_lower(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    """Valid certificates whose holder no longer holds the tier they build on."""
    current = Q(revoked_at__isnull=True, issued_at__lte=now, expires_at__gt=now)
    count, examples = 0, list[Finding]()
    for chunk in _certificates(organisation):
        valid = set(Certificate.objects.filter(current, pk__in=[c.pk for c in chunk]).values_list("pk", flat=True))
        wanted = {c.pk: _required_tiers(c) for c in chunk if c.pk in valid}
        people = {c.person_id for c in chunk if wanted.get(c.pk)}
        held = _held(organisation, people) if people else {}
        for certificate in chunk:
            missing = [
                slug
                for slug in wanted.get(certificate.pk, [])
                if not _held_at(held.get(certificate.person_id, []), slug, now)
            ]
            if missing:
                count += 1
                if len(examples) < limit:
                    examples.append(
                        Finding(_holder(certificate), f"valid, but the holder holds no valid {missing[0]} certificate")
                    )
    return CheckResult(count, examples)


def _impossible_dates(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    """Certificates that expire or are revoked before they were issued, or that are issued in the future."""
    later = now + timedelta(minutes=FUTURE_TOLERANCE_MINUTES)
    rows = Certificate.objects.filter(
        Q(expires_at__lte=F("issued_at")) | Q(revoked_at__lt=F("issued_at")) | Q(issued_at__gt=later),
        organisation=organisation,
    )
    count = rows.count()
    examples = [
        Finding(
            _holder(row),
            f"issued {moment_text(row.issued_at)}, expires {moment_text(row.expires_at)}"
            + (f", revoked {moment_text(row.revoked_at)}" if row.revoked_at else ""),
        )
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(count, examples)


def _renewal_without_original(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    """Certificates noting that they renew a code no earlier certificate of the holder has."""
    earlier = Certificate.objects.filter(
        organisation=organisation,
        person_id=OuterRef("person_id"),
        code=OuterRef("renews"),
        issued_at__lt=OuterRef("issued_at"),
    )
    rows = (
        Certificate.objects.filter(organisation=organisation, evidence__has_key="renewal_of")
        .annotate(renews=KT("evidence__renewal_of"))
        .exclude(evidence__renewal_of="")
        .exclude(Exists(earlier))
    )
    count = rows.count()
    examples = [
        Finding(_holder(row), f"issued {moment_text(row.issued_at)} as a renewal of {row.evidence.get('renewal_of')}")
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(count, examples)


CHECKS = (
    ConsistencyCheck(
        key="certification.before_courses",
        title="Certificates issued before the courses they rest on were completed",
        advice="Correct the completion or issue dates, or revoke the certificate and let it be awarded again.",
        run=_before_courses,
    ),
    ConsistencyCheck(
        key="certification.before_tier_held",
        title="Certificates issued when the tier they build on was not held",
        advice="Revoke the certificate; it is awarded again once the lower tier is held.",
        run=_before_tier_held,
    ),
    ConsistencyCheck(
        key="certification.higher_without_lower",
        title="Valid certificates of a tier whose holder no longer holds the tier it builds on",
        advice="Revoke the higher certificate, or have the holder renew the lower tier.",
        run=_higher_without_lower,
    ),
    ConsistencyCheck(
        key="certification.impossible_dates",
        title="Certificates that expire or are revoked before they were issued, or are issued in the future",
        advice="Correct the dates of the certificate.",
        run=_impossible_dates,
    ),
    ConsistencyCheck(
        key="certification.renewal_without_original",
        title="Renewals of a certificate the holder never had",
        advice="Correct the certificate's evidence, or revoke it.",
        run=_renewal_without_original,
    ),
)


def consistency_checks_register() -> None:
    """Add certification's checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
