"""Background work for learning: keep path enrolments in step with the roster; remind about overdue learning."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from socialu.core.models import Organisation
from socialu.learning.oversight.services import REMIND_EVERY_DAYS, enrolment_reminders_send
from socialu.learning.services import enrolment_sync


@task
def enrolment_sync_run(organisation_id: int, person_ids: list[int] | None = None) -> int:
    """Enrol the organisation's people (or just *person_ids*) in their audience's path."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return enrolment_sync(organisation=organisation, person_ids=person_ids)


def enrol_when_paths_change(sender: Any, *, organisation: Organisation, **kwargs: Any) -> None:
    """Queue an enrolment sync of the whole organisation after its learning paths changed."""
    enrolment_sync_run.enqueue(organisation.pk, None)


def enrol_when_people_change(
    sender: Any, *, organisation: Organisation, person_ids: list[int] | None, **kwargs: Any
) -> None:
    """Queue an enrolment sync for the people the people app says have changed."""
    enrolment_sync_run.enqueue(organisation.pk, person_ids)


@task
def enrolment_reminders_run(organisation_id: int, every_days: int = REMIND_EVERY_DAYS) -> int:
    """Email the organisation's people about overdue required learning; return how many were emailed.

    Schedule it daily (for example from cron with ``socialu learning remind --org SLUG``); nobody is
    emailed more than once in *every_days* days.
    """
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return enrolment_reminders_send(organisation=organisation, every_days=every_days).people
