"""Consistency checks over coaching sessions, run by ``socialu doctor``.

A session is booked in its own coach's slot and recorded as held only once it
has started; a check finds sessions whose records say otherwise (a restored
backup, a fix made in SQL).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q

from socialu.coaching.models import Booking, BookingStatus
from socialu.core.consistency import (
    FUTURE_TOLERANCE_MINUTES,
    CheckResult,
    ConsistencyCheck,
    Finding,
    consistency_check_register,
    moment_text,
)
from socialu.core.models import Organisation


def _sessions_out_of_place(organisation: Organisation, now: datetime, limit: int) -> CheckResult:
    soon = now + timedelta(minutes=FUTURE_TOLERANCE_MINUTES)
    rows = (
        Booking.objects.filter(organisation=organisation)
        .filter(Q(status=BookingStatus.HELD, slot__starts_at__gt=soon) | ~Q(slot__coach_id=F("engagement__coach_id")))
        .select_related("slot", "engagement__executive")
        .order_by("pk")
    )
    count = rows.count()
    examples = [
        Finding(
            subject=f"Coaching session {booking.pk} of {booking.engagement.executive.name}",
            detail=(
                f"recorded as held but starts {moment_text(booking.slot.starts_at)}"
                if booking.status == BookingStatus.HELD and booking.slot.starts_at > soon
                else "booked in a slot of someone other than the engagement's coach"
            ),
        )
        for booking in rows[:limit]
    ]
    return CheckResult(count=count, examples=examples)


def consistency_checks_register() -> None:
    """Let ``socialu doctor`` find coaching sessions whose records contradict each other."""
    consistency_check_register(
        ConsistencyCheck(
            key="coaching.sessions_out_of_place",
            title="Coaching sessions held in the future or in another coach's slot",
            advice="Ask the coach which time is right; move the booking to the coach's slot or clear its log.",
            run=_sessions_out_of_place,
        )
    )
