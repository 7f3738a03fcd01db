"""The webhooks' scheduled job: send the retries that are due."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.webhooks.delivering import webhook_deliveries_due


def retry_due(organisation: Organisation) -> str:
    """Attempt every webhook delivery whose next try is due."""
    return f"{webhook_deliveries_due(organisation=organisation)} webhook delivery attempt(s) made."


def jobs_register() -> None:
    """Add the webhooks' retry job to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="webhooks.retry",
            title="Retry failed webhook deliveries",
            description="Sends again each webhook delivery that failed, once its wait is over "
            "(1 minute, 5 minutes, 30 minutes, 2 hours, 8 hours, then 24 hours).",
            every=timedelta(minutes=1),
            run=retry_due,
        )
    )
