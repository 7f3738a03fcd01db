"""Consistency checks over sessions, run by ``socialu doctor``.

Seats never exceed capacity, a waitlist runs 1..k without gaps, and only waitlisted registrations
hold a position; a check finds sessions whose registrations say otherwise.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Max, Q

from socialu.core.consistency import CheckResult, ConsistencyCheck, Finding, consistency_check_register
from socialu.core.models import Organisation
from socialu.sessions.models import SEAT_HOLDING, RegistrationStatus, Session


def _names(session: Session, which: Q, shown: int = 6) -> str:
    """Return who the finding is about: names and places of the session's registrations that match *which*."""
    rows = session.registrations.filter(which).select_related("person").order_by("waitlist_position", "pk")
    return ", ".join(
        f"{row.person.name} ({row.get_status_display().lower()}"
        + (f", place {row.waitlist_position})" if row.waitlist_position else ")")
        for row in rows[:shown]
    )


def _overfilled(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    rows = (
        Session.objects.filter(organisation=organisation)
        .annotate(held=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)))
        .filter(held__gt=F("capacity"))
    )
    examples = [
        Finding(
            f"“{row.title}” (session {row.pk})",
            f"{row.held} seats held, capacity {row.capacity}: {_names(row, Q(status__in=SEAT_HOLDING))}",
        )
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(rows.count(), examples)


def _waitlist_gaps(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    waiting = Q(registrations__status=RegistrationStatus.WAITLISTED)
    rows = (
        Session.objects.filter(organisation=organisation)
        .annotate(
            waiting=Count("registrations", filter=waiting),
            distinct_places=Count("registrations__waitlist_position", filter=waiting, distinct=True),
            top=Max("registrations__waitlist_position", filter=waiting),
            stray=Count(
                "registrations",
                filter=Q(registrations__waitlist_position__isnull=False) & ~waiting,
            ),
        )
        .filter(Q(waiting__gt=0) & (~Q(top=F("waiting")) | ~Q(distinct_places=F("waiting"))) | Q(stray__gt=0))
    )
    examples = [
        Finding(
            f"“{row.title}” (session {row.pk})",
            f"{row.waiting} waiting, highest place {row.top}, {row.distinct_places} distinct places, "
            f"{row.stray} non-waiting registrations with a place: {_names(row, Q(waitlist_position__isnull=False))}",
        )
        for row in rows.order_by("pk")[:limit]
    ]
    return CheckResult(rows.count(), examples)


CHECKS = (
    ConsistencyCheck(
        key="sessions.overfilled",
        title="Sessions with more seats taken or offered than their capacity",
        advice="Raise the capacity or remove attendees on the session's Manage page.",
        run=_overfilled,
    ),
    ConsistencyCheck(
        key="sessions.waitlist_gaps",
        title="Session waitlists that do not run 1, 2, 3… without gaps",
        advice="Move the people on the Manage page so that the places run from 1 without gaps.",
        run=_waitlist_gaps,
    ),
)


def consistency_checks_register() -> None:
    """Add the sessions checks to ``socialu doctor``."""
    for check in CHECKS:
        consistency_check_register(check)
