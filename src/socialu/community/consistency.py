"""Consistency checks over knowledge sharing, run by ``socialu doctor``.

An accepted answer belongs to its question and was accepted after it was written; a post's count of open
reports matches its open reports (the count decides when a post is hidden).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q

from socialu.community.models import Post, PostKind
from socialu.core.consistency import CheckResult, ConsistencyCheck, Finding, consistency_check_register, moment_text
from socialu.core.models import Organisation


def _accepted_elsewhere(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = Post.objects.filter(organisation=organisation, kind=PostKind.QUESTION, accepted_answer__isnull=False).filter(
        ~Q(accepted_answer__parent_id=F("pk")) | Q(accepted_at__lt=F("accepted_answer__created_at"))
    )
    examples = [
        Finding(f"{row.author.name}, question {row.pk}: {row.title[:60]}", f"accepted answer "
                f"{row.accepted_answer_id} on {moment_text(row.accepted_at)}")
        for row in rows.select_related("author").order_by("pk")[:limit]
    ]  # fmt: skip
    return CheckResult(rows.count(), examples)


def _report_counts(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = (
        Post.objects.filter(organisation=organisation)
        .annotate(open_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .exclude(open_reports=F("open_count"))
    )
    examples = [
        Finding(f"{row.author.name}, post {row.pk}", f"counts {row.open_reports} open report(s), has {row.open_count}")
        for row in rows.select_related("author").order_by("pk")[:limit]
    ]
    return CheckResult(rows.count(), examples)


CHECKS = (
    ConsistencyCheck(
        key="community.accepted_answer",
        title="Questions whose accepted answer is not theirs, or was accepted before it was written",
        advice="Accept one of the question's own answers again from its page (or the API).",
        run=_accepted_elsewhere,
    ),
    ConsistencyCheck(
        key="community.report_counts",
        title="Posts whose count of open reports does not match their reports",
        advice="Review the post in the moderation queue: a decision closes its reports and resets the count.",
        run=_report_counts,
    ),
)


def consistency_checks_register() -> None:
    """Add knowledge sharing's checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
