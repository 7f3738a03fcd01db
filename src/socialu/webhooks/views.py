"""The Webhooks admin page: subscribe endpoints (secret shown once), test them, read the delivery log, redeliver."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.webhooks import selectors, services
from socialu.webhooks.forms import WebhookEndpointForm


@org_view(Capability.MANAGE_WEBHOOKS)
def webhooks_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the endpoints and the latest deliveries; a POST subscribes a new endpoint and shows its secret once."""
    form = WebhookEndpointForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint, secret = services.webhook_endpoint_create(
                    organisation=org.organisation,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                )
            except services.WebhookError as error:
                for field, problems in error.errors.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                context.update(new_endpoint=endpoint, secret=secret, form=WebhookEndpointForm())
                status = 201
        if form.errors:
            status = 400
    context["endpoints"] = selectors.webhook_endpoints(organisation=org.organisation)
    context["deliveries"] = selectors.webhook_deliveries(organisation=org.organisation, limit=50)
    response = render(request, "webhooks/home.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _endpoint(org: OrgContext, endpoint_id: int) -> Any:
    endpoint = selectors.webhook_endpoint_get(organisation=org.organisation, endpoint_id=endpoint_id)
    if endpoint is None:
        raise Http404("No such webhook.")
    return endpoint


@org_view(Capability.MANAGE_WEBHOOKS)
@require_POST
def webhook_test(request: HttpRequest, org: OrgContext, endpoint_id: int) -> HttpResponse:
    """Send a test message to one endpoint."""
    delivery = services.webhook_ping(endpoint=_endpoint(org, endpoint_id))
    messages.success(request, f"Test message queued ({delivery.message_id}); its outcome shows in the log below.")
    return redirect("webhooks_home", org_slug=org.slug)


@org_view(Capability.MANAGE_WEBHOOKS)
@require_POST
def webhook_toggle(request: HttpRequest, org: OrgContext, endpoint_id: int) -> HttpResponse:
    """Switch an endpoint on or off."""
    endpoint = _endpoint(org, endpoint_id)
    services.webhook_endpoint_enable(endpoint=endpoint, enabled=not endpoint.enabled)
    messages.success(request, f"Webhook {endpoint.url} switched {'on' if endpoint.enabled else 'off'}.")
    return redirect("webhooks_home", org_slug=org.slug)


@org_view(Capability.MANAGE_WEBHOOKS)
@require_POST
def webhook_delete(request: HttpRequest, org: OrgContext, endpoint_id: int) -> HttpResponse:
    """Remove an endpoint and its log."""
    endpoint = _endpoint(org, endpoint_id)
    services.webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, f"Webhook {endpoint.url} removed.")
    return redirect("webhooks_home", org_slug=org.slug)


@org_view(Capability.MANAGE_WEBHOOKS)
@require_POST
def webhook_redeliver(request: HttpRequest, org: OrgContext, delivery_id: int) -> HttpResponse:
    """Send one delivery again."""
    delivery = selectors.webhook_delivery_get(organisation=org.organisation, delivery_id=delivery_id)
    if delivery is None:
        raise Http404("No such delivery.")
    services.webhook_redeliver(delivery=delivery)
    messages.success(request, f"Delivery {delivery.message_id} queued again.")
    return redirect("webhooks_home", org_slug=org.slug)
