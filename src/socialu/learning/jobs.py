"""Learning's scheduled job: remind people about overdue required learning."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.learning.oversight.services import REMIND_EVERY_DAYS, enrolment_reminders_send


def enrolment_reminders(organisation: Organisation) -> str:
    """Email people whose required learning is overdue (at most once a week each); say how many."""
    result = enrolment_reminders_send(organisation=organisation, every_days=REMIND_EVERY_DAYS)
    return f"{result.people} people reminded about {result.enrolments} overdue course(s)."


def jobs_register() -> None:
    """Add learning's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="learning.enrolment_reminders",
            title="Remind people about overdue learning",
            description=f"Emails each person whose required courses are past their due date, at most once "
            f"every {REMIND_EVERY_DAYS} days.",
            every=timedelta(days=1),
            run=enrolment_reminders,
        )
    )
