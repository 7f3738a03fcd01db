"""Background work for certification: award after learning progress, and the daily run."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from socialu.certification.services import (
    certificate_reminders_send,
    certificates_announce,
    certificates_award,
    standing_reminders_send,
)
from socialu.core.models import Organisation


@task
def certificates_award_run(organisation_id: int, person_ids: list[int] | None = None) -> int:
    """Award the tiers these people (or everyone in the organisation) have newly earned; return how many."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    issued = certificates_award(organisation=organisation, person_ids=person_ids)
    certificates_announce(organisation=organisation, certificates=issued)
    return len(issued)


@task
def certification_daily_run() -> dict[str, int]:
    """For every organisation: award newly earned tiers, send expiry reminders, and remind suspended spokespeople.

    Schedule it once a day (for example from cron with
    ``socialu certification award --all`` and ``socialu certification remind``).
    """
    awarded = reminded = suspended = 0
    for organisation in Organisation.objects.order_by("pk"):
        issued = certificates_award(organisation=organisation)
        certificates_announce(organisation=organisation, certificates=issued)
        awarded += len(issued)
        reminded += certificate_reminders_send(organisation=organisation)
        suspended += standing_reminders_send(organisation=organisation)
    return {"awarded": awarded, "reminded": reminded, "suspended_reminded": suspended}


def award_when_learning_changes(
    sender: Any, *, organisation: Organisation, person_ids: list[int], **kwargs: Any
) -> None:
    """Queue an award check for the people whose learning progress the learning app says changed."""
    certificates_award_run.enqueue(organisation.pk, list(person_ids))
