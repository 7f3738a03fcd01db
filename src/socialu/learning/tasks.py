"""Background work for learning: keep path enrolments in step with the roster."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from socialu.core.models import Organisation
from socialu.learning.services import enrolment_sync


@task
def enrolment_sync_run(organisation_id: int, person_ids: list[int] | None = None) -> int:
    """Enrol the organisation's people (or just *person_ids*) in their audience's path."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return enrolment_sync(organisation=organisation, person_ids=person_ids)


def enrol_when_people_change(
    sender: Any, *, organisation: Organisation, person_ids: list[int] | None, **kwargs: Any
) -> None:
    """Queue an enrolment sync for the people the people app says have changed."""
    enrolment_sync_run.enqueue(organisation.pk, person_ids)
