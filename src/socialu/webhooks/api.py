"""REST API of webhooks: endpoints (create with the secret shown once, list, remove), the delivery log, redelivery."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from socialu.core.api import ErrorOut, api_context
from socialu.core.permissions import Capability
from socialu.webhooks import selectors, services
from socialu.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

router = Router(tags=["Webhooks"])

EVENT_NAMES = ", ".join(event.value for event in WebhookEvent if event is not WebhookEvent.PING)


class WebhookEndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    secret_prefix: str = Field(description="The secret's first characters.")
    enabled: bool
    disabled_reason: str
    consecutive_failures: int
    created_at: datetime


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(description="The signing secret (whsec_…). Shown in this answer only.")


class WebhookEndpointIn(Schema):
    url: str = Field(description="A public http(s) address.")
    events: list[str] = Field(description=f"Some of: {EVENT_NAMES}.")
    description: str = ""


class WebhookDeliveryOut(Schema):
    id: int
    endpoint_id: int
    message_id: str
    event: str
    status: str = Field(description="pending, succeeded, retrying or failed.")
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime


def _endpoint_out(endpoint: WebhookEndpoint, *, secret: str | None = None) -> dict[str, Any]:
    out = {
        field: getattr(endpoint, field)
        for field in (
            "id",
            "url",
            "description",
            "events",
            "secret_prefix",
            "enabled",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        )
    }
    if secret is not None:
        out["secret"] = secret
    return out


def _delivery_out(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        field: getattr(delivery, field)
        for field in (
            "id",
            "endpoint_id",
            "message_id",
            "event",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "created_at",
        )
    }


@router.get("/orgs/{org_slug}/webhooks", response=list[WebhookEndpointOut], summary="List webhook endpoints")
def list_webhook_endpoints(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the organisation's webhook endpoints (never their secrets)."""
    context = api_context(request, org_slug, Capability.MANAGE_WEBHOOKS)
    return [_endpoint_out(endpoint) for endpoint in selectors.webhook_endpoints(organisation=context.organisation)]


@router.post(
    "/orgs/{org_slug}/webhooks", response={201: WebhookEndpointCreatedOut}, summary="Subscribe a webhook endpoint"
)
def create_webhook_endpoint(request: HttpRequest, org_slug: str, payload: WebhookEndpointIn) -> Status[dict[str, Any]]:
    """Subscribe a URL to events; the answer holds the signing secret, this once."""
    context = api_context(request, org_slug, Capability.MANAGE_WEBHOOKS)
    endpoint, secret = services.webhook_endpoint_create(
        organisation=context.organisation, url=payload.url, events=payload.events, description=payload.description
    )
    return Status(201, _endpoint_out(endpoint, secret=secret))


@router.delete(
    "/orgs/{org_slug}/webhooks/endpoints/{endpoint_id}", response={204: None}, summary="Remove a webhook endpoint"
)
def delete_webhook_endpoint(request: HttpRequest, org_slug: str, endpoint_id: int) -> Status[None]:
    """Remove an endpoint and its delivery log."""
    context = api_context(request, org_slug, Capability.MANAGE_WEBHOOKS)
    endpoint = selectors.webhook_endpoint_get(organisation=context.organisation, endpoint_id=endpoint_id)
    if endpoint is None:
        raise Http404("No such webhook endpoint.")
    services.webhook_endpoint_delete(endpoint=endpoint)
    return Status(204, None)


@router.get(
    "/orgs/{org_slug}/webhooks/deliveries", response=list[WebhookDeliveryOut], summary="List webhook deliveries"
)
def list_webhook_deliveries(
    request: HttpRequest, org_slug: str, endpoint_id: int | None = None
) -> list[dict[str, Any]]:
    """Return the 100 newest deliveries (of one endpoint, with endpoint_id), with each one's last answer."""
    context = api_context(request, org_slug, Capability.MANAGE_WEBHOOKS)
    deliveries = selectors.webhook_deliveries(organisation=context.organisation, endpoint_id=endpoint_id)
    return [_delivery_out(delivery) for delivery in deliveries]


@router.post(
    "/orgs/{org_slug}/webhooks/deliveries/{delivery_id}/redeliver",
    response={202: WebhookDeliveryOut, 409: ErrorOut},
    summary="Send a webhook delivery again",
)
def redeliver_webhook(request: HttpRequest, org_slug: str, delivery_id: int) -> Status[dict[str, Any]]:
    """Queue a delivery again, with the same webhook-id."""
    context = api_context(request, org_slug, Capability.MANAGE_WEBHOOKS)
    delivery = selectors.webhook_delivery_get(organisation=context.organisation, delivery_id=delivery_id)
    if delivery is None:
        raise Http404("No such delivery.")
    return Status(202, _delivery_out(services.webhook_redeliver(delivery=delivery)))
