"""Background work for webhooks: one delivery attempt."""

from __future__ import annotations

from django.tasks import task

from socialu.webhooks.delivering import webhook_delivery_attempt
from socialu.webhooks.models import WebhookDelivery


@task
def webhook_delivery_send(delivery_id: int) -> str:
    """Attempt one delivery now; its retries are picked up by the scheduled job ``webhooks.retry``."""
    delivery: WebhookDelivery | None = webhook_delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "not due"
