"""The sessions app's scheduled jobs (run for each organisation by ``socialu worker``)."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.sessions.services import follow_ups_send, offers_expire, reminders_send


def offers_expire_run(organisation: Organisation) -> str:
    """Lapse expired seat offers and pass each seat on; say how many."""
    lapsed = offers_expire(organisation=organisation)
    return f"{lapsed} seat offer{'s' if lapsed != 1 else ''} lapsed and passed on." if lapsed else "No offer expired."


def reminders_run(organisation: Organisation) -> str:
    """Send due reminders and follow-ups; say how many."""
    reminded = reminders_send(organisation=organisation)
    followed = follow_ups_send(organisation=organisation)
    return f"{reminded} reminder(s) and {followed} follow-up(s) sent."


def jobs_register() -> None:
    """Add the sessions jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="sessions.offers_expire",
            title="Pass on expired seat offers",
            description="When a person does not accept a freed seat in time, offer it to the next person on the "
            "waitlist.",
            every=timedelta(hours=1),
            run=offers_expire_run,
        )
    )
    scheduled_job_register(
        ScheduledJob(
            key="sessions.reminders",
            title="Remind attendees and follow sessions up",
            description="Email confirmed attendees before their sessions (at the organisation's reminder offsets) "
            "and ask attendees of sessions that ended for their feedback.",
            every=timedelta(hours=1),
            run=reminders_run,
        )
    )
