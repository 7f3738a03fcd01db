"""Writes for webhooks: subscribing endpoints, publishing events, queueing deliveries and redeliveries.

The attempts themselves (signing, sending, retrying, switching off) are in
:mod:`socialu.webhooks.delivering`, which the background task calls.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.core.text import clean_text
from socialu.webhooks import signing
from socialu.webhooks.addresses import target_problem
from socialu.webhooks.delivering import (
    DISABLE_AFTER,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    secrets_key,
    webhook_deliveries_due,
    webhook_delivery_attempt,
)
from socialu.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookError(InvalidInputError):
    """A webhook change that cannot be made; the message says what to do."""


def _events_clean(events: Iterable[str]) -> list[str]:
    chosen = sorted({str(event).strip() for event in events})
    unknown = [event for event in chosen if event not in WebhookEvent.values]
    if unknown or not chosen:
        names = ", ".join(value for value in WebhookEvent.values if value != WebhookEvent.PING)
        raise WebhookError(f"Choose events from: {names}.", errors={"events": [f"Choose from {names}."]})
    return chosen


def _url_clean(url: str) -> str:
    cleaned = clean_text(url or "").strip()
    problem = target_problem(cleaned, allow_private=bool(settings.SOCIALU_WEBHOOKS_ALLOW_PRIVATE))
    if problem:
        raise WebhookError(problem, errors={"url": [problem]})
    return cleaned


@transaction.atomic
def webhook_endpoint_create(
    *, organisation: Organisation, url: str, events: Iterable[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Subscribe *url* to *events*; return the endpoint and its signing secret, which is never shown again."""
    secret = signing.secret_new()
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation,
        url=_url_clean(url),
        events=_events_clean(events),
        description=clean_text(description or "").strip()[:200],
        secret_encrypted=signing.secret_encrypt(secret, key_material=secrets_key()),
        secret_prefix=secret[:12],
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_enable(*, endpoint: WebhookEndpoint, enabled: bool) -> WebhookEndpoint:
    """Switch an endpoint on (its failure count starts again) or off."""
    endpoint.enabled = enabled
    endpoint.disabled_reason = "" if enabled else "Switched off by an admin."
    if enabled:
        endpoint.consecutive_failures = 0
    endpoint.save(update_fields=["enabled", "disabled_reason", "consecutive_failures"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint and its delivery log."""
    endpoint.delete()


def _queue(deliveries: list[WebhookDelivery]) -> None:
    from socialu.webhooks.tasks import webhook_delivery_send

    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: [webhook_delivery_send.enqueue(delivery_id) for delivery_id in ids])


@transaction.atomic
def webhook_event_publish(*, organisation: Organisation, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue a delivery of *event* with *data* to every enabled endpoint of the organisation subscribed to it."""
    endpoints = WebhookEndpoint.objects.filter(organisation=organisation, enabled=True)
    deliveries = []
    now = timezone.now()
    for endpoint in endpoints:
        if event not in endpoint.events and event != WebhookEvent.PING:
            continue
        payload = {"type": event, "timestamp": now.isoformat(), "organisation": organisation.slug, "data": data}
        deliveries.append(
            WebhookDelivery.objects.create(
                organisation=organisation,
                endpoint=endpoint,
                message_id=f"msg_{secrets.token_hex(12)}",
                event=event,
                payload=payload,
                next_attempt_at=now,
            )
        )
    _queue(deliveries)
    return deliveries


@transaction.atomic
def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a test message to one endpoint."""
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        organisation_id=endpoint.organisation_id,
        endpoint=endpoint,
        message_id=f"msg_{secrets.token_hex(12)}",
        event=WebhookEvent.PING,
        payload={"type": WebhookEvent.PING.value, "timestamp": now.isoformat(), "data": {"endpoint": endpoint.pk}},
        next_attempt_at=now,
    )
    _queue([delivery])
    return delivery


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (same webhook-id, so a receiver can tell it is a repeat), whatever its state."""
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    _queue([delivery])
    return delivery


__all__ = [
    "DISABLE_AFTER",
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "webhook_deliveries_due",
    "webhook_delivery_attempt",
]
