"""Certification's scheduled job: award newly earned tiers and send expiry notices."""

from __future__ import annotations

from datetime import timedelta

from socialu.certification.services import certificate_reminders_send, certificates_announce, certificates_award
from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register


def award_and_expiry_notices(organisation: Organisation) -> str:
    """Award tiers people have newly earned and remind holders whose certificates expire soon."""
    issued = certificates_award(organisation=organisation)
    certificates_announce(organisation=organisation, certificates=issued)
    reminded = certificate_reminders_send(organisation=organisation)
    return f"{len(issued)} certificate(s) awarded; {reminded} holder(s) told their certificate expires soon."


def jobs_register() -> None:
    """Add certification's jobs to the schedule."""
    scheduled_job_register(
        ScheduledJob(
            key="certification.award_and_expiry",
            title="Award certificates and send expiry notices",
            description="Awards tiers that people have newly earned, and emails holders whose certificates "
            "expire soon so they can recertify in time.",
            every=timedelta(days=1),
            run=award_and_expiry_notices,
        )
    )
