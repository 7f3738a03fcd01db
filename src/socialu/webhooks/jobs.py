"""The webhooks' scheduled job: send the retries that are due."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from socialu.certification.selectors import current_certificates
from socialu.core.models import Organisation
from socialu.core.scheduling import ScheduledJob, scheduled_job_register
from socialu.webhooks.delivering import webhook_deliveries_due
from socialu.webhooks.models import WebhookEvent
from socialu.webhooks.services import webhook_event_publish


def retry_due(organisation: Organisation) -> str:
    """Attempt every webhook delivery whose next try is due."""
    return f"{webhook_deliveries_due(organisation=organisation)} webhook delivery attempt(s) made."


EXPIRING_NOTICE = timedelta(days=30)


def certificates_expiring(organisation: Organisation) -> str:
    """Announce the certificates that reach 30 days before expiry in the coming day (run daily: each once)."""
    now = timezone.now()
    ids = list(
        current_certificates(organisation=organisation)
        .filter(expires_at__gte=now + EXPIRING_NOTICE, expires_at__lt=now + EXPIRING_NOTICE + timedelta(days=1))
        .values_list("pk", flat=True)
    )
    if ids:
        webhook_event_publish(
            organisation=organisation, event=WebhookEvent.CERTIFICATE_EXPIRING, data={"certificate_ids": ids}
        )
    return f"{len(ids)} certificate(s) announced as expiring in 30 days."


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
    scheduled_job_register(
        ScheduledJob(
            key="webhooks.certificates_expiring",
            title="Tell webhooks about certificates expiring in 30 days",
            description="Once a day, sends certificate.expiring for the certificates that will expire "
            "30 days later (each certificate once).",
            every=timedelta(days=1),
            run=certificates_expiring,
        )
    )
