"""Consistency checks over mentoring pairings, run by ``socialu doctor``.

A pairing is proposed, then published, then started; its meetings fall on or after its start; and no
mentor holds more published or active pairs than their capacity. A check finds the records that say
otherwise (written by other routes than the services, which refuse them).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q

from socialu.core.consistency import CheckResult, ConsistencyCheck, Finding, consistency_check_register, moment_text
from socialu.core.models import Organisation
from socialu.mentoring.models import HOLDING_STATUSES, CheckIn, MentorProfile, Pairing


def _out_of_order(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = (
        Pairing.objects.filter(organisation=organisation)
        .filter(
            Q(published_at__lt=F("proposed_at"))
            | Q(started_at__lt=F("published_at"))
            | Q(started_at__isnull=False, published_at__isnull=True)
        )
        .select_related("mentee", "mentor", "programme")
    )
    meetings = CheckIn.objects.filter(
        organisation=organisation, met_on__lt=F("pairing__started_at__date")
    ).select_related("pairing__mentee", "pairing__mentor")
    count = rows.count() + meetings.count()
    examples = [
        Finding(
            f"{row.programme.name}: {row.mentor.name} mentors {row.mentee.name}",
            f"proposed {moment_text(row.proposed_at)}, published {moment_text(row.published_at)}, "
            f"started {moment_text(row.started_at)}",
        )
        for row in rows.order_by("pk")[:limit]
    ]
    examples += [
        Finding(
            f"{row.pairing.mentor.name} and {row.pairing.mentee.name}, check-in {row.pk}",
            f"met on {row.met_on}, before the pairing started {moment_text(row.pairing.started_at)}",
        )
        for row in meetings.order_by("pk")[: max(0, limit - len(examples))]
    ]
    return CheckResult(count, examples)


def _over_capacity(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    load: dict[tuple[int, int], int] = {}
    for key in Pairing.objects.filter(organisation=organisation, status__in=HOLDING_STATUSES).values_list(
        "programme_id", "mentor_id"
    ):
        load[key] = load.get(key, 0) + 1
    findings = []
    for profile in MentorProfile.objects.filter(organisation=organisation).select_related("programme", "person"):
        held = load.get((profile.programme_id, profile.person_id), 0)
        capacity = profile.programme.default_capacity if profile.capacity is None else profile.capacity
        if held > capacity:
            findings.append(
                Finding(f"{profile.programme.name}: {profile.person.name}", f"{held} mentees, capacity {capacity}")
            )
    return CheckResult(len(findings), findings[:limit])


CHECKS = (
    ConsistencyCheck(
        key="mentoring.out_of_order",
        title="Mentoring pairings started before they were published, or meetings before the pairing started",
        advice="Correct the dates: a pairing is proposed, published, then started, and meets after it starts.",
        run=_out_of_order,
    ),
    ConsistencyCheck(
        key="mentoring.over_capacity",
        title="Mentors holding more mentees than their capacity",
        advice="Raise the mentor's capacity or close one of their pairings; the match never exceeds it.",
        run=_over_capacity,
    ),
)


def consistency_checks_register() -> None:
    """Add mentoring's checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
