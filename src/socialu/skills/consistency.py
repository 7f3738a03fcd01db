"""Consistency checks over the champions network, run by ``socialu doctor``.

A term starts before it ends, and a running term belongs to someone who is
still active; a check finds the terms that say otherwise.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q

from socialu.core.consistency import CheckResult, ConsistencyCheck, Finding, consistency_check_register
from socialu.core.models import Organisation
from socialu.skills.models import ChampionTerm


def _terms_at_odds(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    today = now.date()
    rows = (
        ChampionTerm.objects.filter(organisation=organisation)
        .filter(
            Q(ends_on__lt=F("starts_on"))
            | Q(ended_on__lt=F("starts_on"))
            | Q(ended_on__isnull=True, ends_on__gte=today, person__is_active=False)
        )
        .select_related("person")
    )
    examples = [
        Finding(
            f"{row.person.name} ({row.person.employee_id}), {row.get_role_display().lower()} term {row.pk}",
            f"starts {row.starts_on}, ends {row.ends_on}"
            + (f", ended {row.ended_on}" if row.ended_on else "")
            + ("" if row.person.is_active else "; the person is no longer active"),
        )
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(rows.count(), examples)


def consistency_checks_register() -> None:
    """Add the champions checks to ``socialu doctor``."""
    consistency_check_register(
        ConsistencyCheck(
            key="champions.terms_at_odds",
            title="Champion terms that end before they start, or run on for someone no longer active",
            advice="End the term (socialu champions end TERM) or correct its dates.",
            run=_terms_at_odds,
        )
    )
