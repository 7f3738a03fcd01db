"""Reads for webhooks: an organisation's endpoints and their delivery log."""

from __future__ import annotations

from django.db.models import QuerySet

from socialu.core.models import Organisation
from socialu.webhooks.models import WebhookDelivery, WebhookEndpoint


def webhook_endpoints(*, organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    """Return the organisation's endpoints."""
    return WebhookEndpoint.objects.filter(organisation=organisation).order_by("pk")


def webhook_endpoint_get(*, organisation: Organisation, endpoint_id: int) -> WebhookEndpoint | None:
    """Return endpoint *endpoint_id* of the organisation, or None (another organisation's answers None)."""
    return WebhookEndpoint.objects.filter(organisation=organisation, pk=endpoint_id).first()


def webhook_deliveries(
    *, organisation: Organisation, endpoint_id: int | None = None, limit: int = 100
) -> QuerySet[WebhookDelivery]:
    """Return the newest deliveries of the organisation (of one endpoint, if given)."""
    deliveries = WebhookDelivery.objects.filter(organisation=organisation).select_related("endpoint")
    if endpoint_id is not None:
        deliveries = deliveries.filter(endpoint_id=endpoint_id)
    return deliveries.order_by("-created_at", "-pk")[:limit]


def webhook_delivery_get(*, organisation: Organisation, delivery_id: int) -> WebhookDelivery | None:
    """Return delivery *delivery_id* of the organisation, or None."""
    return WebhookDelivery.objects.filter(organisation=organisation, pk=delivery_id).select_related("endpoint").first()
