"""Knowledge sharing's scheduled job: the daily and weekly email digests."""

from __future__ import annotations

from datetime import timedelta

from socialu.community.digests import digests_send
from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register


def digest_run(organisation: Organisation) -> str:
    """Send the digests that are due and say how many went."""
    sent = digests_send(organisation=organisation)
    return f"{sent} digest email(s) sent." if sent else "No digest was due."


def jobs_register() -> None:
    """Add knowledge sharing's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="community.digest",
            title="Send knowledge-sharing digests",
            description="Emails each person their unread notifications (answers, comments, questions for them, "
            "accepted answers) daily or weekly, as they chose; each email has a link to stop them.",
            every=timedelta(hours=1),
            run=digest_run,
        )
    )
