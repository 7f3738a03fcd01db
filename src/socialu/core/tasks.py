"""Background work of the scheduler: run one scheduled job for one organisation."""

from __future__ import annotations

from django.tasks import task

from socialu.core.models import Organisation
from socialu.core.scheduling import SCHEDULE_TRIGGER, scheduled_job_execute


@task
def scheduled_job_task(organisation_id: int, job_key: str, trigger: str = SCHEDULE_TRIGGER) -> str:
    """Run the job *job_key* for the organisation and return its outcome."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return "The organisation no longer exists."
    return scheduled_job_execute(organisation=organisation, job_key=job_key, trigger=trigger).last_outcome
