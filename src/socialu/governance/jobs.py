"""Governance's scheduled job: the daily check of the social media account registry."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.governance.registry.tasks import registry_check_run


def registry_check(organisation: Organisation) -> str:
    """Check the registry, email the admins about problems, and say how many there were."""
    problems = int(registry_check_run.call(organisation.pk))
    if not problems:
        return "Every account has an active owner and a backup owner."
    return f"{problems} thing(s) in the account registry need putting right; the programme admins were emailed."


def jobs_register() -> None:
    """Add governance's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="governance.registry_check",
            title="Check the social media account registry",
            description="Finds accounts whose owner or backup owner is missing or has left, and emails the "
            "programme admins a list of what to put right.",
            every=timedelta(days=1),
            run=registry_check,
        )
    )
