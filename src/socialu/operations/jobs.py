"""Operations' scheduled job: erase people who have been inactive longer than the organisation keeps them."""

from __future__ import annotations

from datetime import timedelta

from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.operations.services import inactive_people_erase


def inactive_people(organisation: Organisation) -> str:
    """Erase people past the organisation's retention period for inactive people."""
    if not organisation.inactive_person_retention_days:
        return "No retention period is set for inactive people, so nobody was erased."
    erased = inactive_people_erase(organisation=organisation)
    return f"{erased} person(s) inactive for more than {organisation.inactive_person_retention_days} days were erased."


def jobs_register() -> None:
    """Add operations' jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="privacy.inactive_people",
            title="Erase people inactive past the retention period",
            description="When the organisation sets a retention period for inactive people, erases those "
            "who have been inactive for longer (their figures are kept; their personal data is not).",
            every=timedelta(days=1),
            run=inactive_people,
        )
    )
