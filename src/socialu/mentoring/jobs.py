"""Mentoring's scheduled job: expire unanswered proposals and nudge pairs that have not met for their cadence."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mass_mail

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.mentoring.services import answers_expire, nudges_send


def nudge_idle_pairs(organisation: Organisation) -> str:
    """Expire pairings nobody accepted in time, then email both sides of every pair that has not met lately."""
    expired = answers_expire(organisation=organisation)
    due = nudges_send(organisation=organisation)
    messages = []
    for pairing in due:
        body = (
            f"{pairing.mentor.name} and {pairing.mentee.name}: your {pairing.programme.name} pairing expects a "
            f"meeting every {pairing.programme.cadence_days} days, and none has been recorded lately. "
            "Book a time, and record a check-in afterwards."
        )
        emails = [email for email in (pairing.mentor.email, pairing.mentee.email) if email]
        messages.append(("Time for your next mentoring meeting", body, None, emails))
    send_mass_mail(messages, fail_silently=False)
    return f"{expired} unanswered pairing(s) expired; {len(due)} pair(s) reminded to meet."


def jobs_register() -> None:
    """Add mentoring's job to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="mentoring.nudges",
            title="Nudge mentoring pairs that have not met",
            description="Expires published pairings that were not accepted in time (freeing the places for a "
            "re-match) and emails both sides of every active pair that has not met for the programme's cadence.",
            every=timedelta(days=1),
            run=nudge_idle_pairs,
        )
    )
