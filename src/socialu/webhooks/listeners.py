"""Turn what other apps announce into webhook events (connected from the app's ``ready()``).

Each listener only records the deliveries and queues them; the attempts run
as background tasks. Bulk writes that send no ``post_save`` (an
acknowledgement import) produce no per-row event.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from socialu.certification.models import Certificate
from socialu.certification.signals import certificates_changed
from socialu.core.models import Organisation
from socialu.escalation.models import DecisionLogEntry
from socialu.governance.models import Acknowledgement
from socialu.people.signals import people_changed, people_deactivated
from socialu.practice.models import Review
from socialu.webhooks.models import WebhookEvent
from socialu.webhooks.services import webhook_event_publish


def _people_changed(sender: Any, organisation: Organisation, person_ids: list[int] | None, **_: Any) -> None:
    webhook_event_publish(organisation=organisation, event=WebhookEvent.PERSON_CHANGED, data={"person_ids": person_ids})


def _people_deactivated(sender: Any, organisation: Organisation, person_ids: list[int], **_: Any) -> None:
    webhook_event_publish(
        organisation=organisation, event=WebhookEvent.PERSON_DEACTIVATED, data={"person_ids": person_ids}
    )


def _certificates_issued(sender: Any, organisation: Organisation, certificate_ids: list[int], **_: Any) -> None:
    # Certification announces its awards (issued in bulk, so without post_save) here.
    webhook_event_publish(
        organisation=organisation, event=WebhookEvent.CERTIFICATE_ISSUED, data={"certificate_ids": certificate_ids}
    )


def _certificate_saved(sender: Any, instance: Certificate, created: bool, update_fields: Any = None, **_: Any) -> None:
    if not created and instance.revoked_at is not None and update_fields and "revoked_at" in update_fields:
        webhook_event_publish(
            organisation=instance.organisation,
            event=WebhookEvent.CERTIFICATE_REVOKED,
            data={"certificate_id": instance.pk, "person_id": instance.person_id, "reason": instance.revoked_reason},
        )


def _acknowledged(sender: Any, instance: Acknowledgement, created: bool, **_: Any) -> None:
    if created:
        webhook_event_publish(
            organisation=instance.organisation,
            event=WebhookEvent.POLICY_ACKNOWLEDGED,
            data={"person_id": instance.person_id, "policy_version_id": instance.policy_version_id},
        )


def _escalation_logged(sender: Any, instance: DecisionLogEntry, created: bool, **_: Any) -> None:
    if created:
        webhook_event_publish(
            organisation=instance.organisation,
            event=WebhookEvent.ESCALATION_RAISED,
            data={
                "decision_id": instance.pk,
                "outcome_action": instance.outcome_action,
                "outcome_title": instance.outcome_title,
            },
        )


def _practice_reviewed(sender: Any, instance: Review, created: bool, **_: Any) -> None:
    if created:
        webhook_event_publish(
            organisation=instance.organisation,
            event=WebhookEvent.PRACTICE_REVIEWED,
            data={"review_id": instance.pk, "attempt_id": instance.attempt_id},
        )


def listeners_connect() -> None:
    """Connect every listener once."""
    people_changed.connect(_people_changed, dispatch_uid="webhooks.people_changed")
    people_deactivated.connect(_people_deactivated, dispatch_uid="webhooks.people_deactivated")
    certificates_changed.connect(_certificates_issued, dispatch_uid="webhooks.certificates_issued")
    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="webhooks.certificate_saved")
    post_save.connect(_acknowledged, sender=Acknowledgement, dispatch_uid="webhooks.acknowledged")
    post_save.connect(_escalation_logged, sender=DecisionLogEntry, dispatch_uid="webhooks.escalation")
    post_save.connect(_practice_reviewed, sender=Review, dispatch_uid="webhooks.practice_reviewed")
