"""Consistency checks over practice answers and reviews, run by ``socialu doctor``.

An answer is written, then submitted, then reviewed; a check finds answers
and reviews whose dates say otherwise.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q

from socialu.core.consistency import (
    CheckResult,
    ConsistencyCheck,
    Finding,
    consistency_check_register,
    moment_text,
)
from socialu.core.models import Organisation
from socialu.practice.models import Attempt, Review


def _reviewed_before_submitted(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    early_review = Review.objects.filter(
        organisation=organisation, attempt_id=OuterRef("pk"), created_at__lt=OuterRef("submitted_at")
    )
    rows = (
        Attempt.objects.filter(organisation=organisation)
        .filter(
            Q(submitted_at__lt=F("created_at"))
            | Q(reviewed_at__lt=F("submitted_at"))
            | Q(reviewed_at__isnull=False, submitted_at__isnull=True)
            | Q(Exists(early_review))
        )
        .select_related("person", "scenario")
    )
    count = rows.count()
    examples = [
        Finding(
            f"{row.person.name} ({row.person.employee_id}), answer to {row.scenario.slug}",
            f"written {moment_text(row.created_at)}, submitted {moment_text(row.submitted_at)}, "
            f"reviewed {moment_text(row.reviewed_at)}",
        )
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(count, examples)


CHECKS = (
    ConsistencyCheck(
        key="practice.reviewed_before_submitted",
        title="Practice answers reviewed before they were submitted (or submitted before they were written)",
        advice="Correct the answer's or the review's dates; an answer is written, submitted, then reviewed.",
        run=_reviewed_before_submitted,
    ),
)


def consistency_checks_register() -> None:
    """Add the practice sandbox's checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
