"""Delivering webhooks: one signed attempt, the retry schedule, switching off an endpoint that keeps failing.

A delivery is attempted at once (as a background task) and, when it fails,
again after 1 minute, 5 minutes, 30 minutes, 2 hours, 8 hours and 24 hours
(the scheduled job ``webhooks.retry``). An endpoint whose attempts fail
``DISABLE_AFTER`` times in a row is switched off and the organisation's
programme admins are emailed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.webhooks import signing
from socialu.webhooks.addresses import target_problem
from socialu.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=8),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
DISABLE_AFTER = 15
TIMEOUT_SECONDS = 10
USER_AGENT = "SocialU-Webhooks/1"


def secrets_key() -> str:
    """Return the key material integrations' secrets are encrypted with (from the environment)."""
    return str(settings.SOCIALU_SECRETS_KEY)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: a webhook goes to the configured address only."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _post(url: str, body: str, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST *body* to *url*; return the status code (None if there was no answer) and an error, if any."""
    request = urllib.request.Request(url, data=body.encode(), method="POST")  # noqa: S310  # http(s) checked
    for name, value in {**headers, "content-type": "application/json", "user-agent": USER_AGENT}.items():
        request.add_header(name, value)
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return int(error.code), f"The receiver answered {error.code}."
    except (urllib.error.URLError, OSError) as error:
        return None, f"No answer: {getattr(error, 'reason', error)}"[:500]


def _admins_tell(endpoint: WebhookEndpoint) -> None:
    emails = list(
        RoleAssignment.objects.filter(organisation_id=endpoint.organisation_id, role=Role.PROGRAMME_ADMIN)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if emails:
        send_mail(
            subject="SocialU switched off a webhook that kept failing",
            message=(
                f"Deliveries to {endpoint.url} failed {endpoint.consecutive_failures} times in a row, so SocialU "
                f"stopped sending to it. Last error: {endpoint.disabled_reason}\n\nFix the receiver, then switch "
                "the webhook on again on the Webhooks page; failed deliveries can be sent again from its log."
            ),
            from_email=None,
            recipient_list=emails,
        )


def _failed(delivery: WebhookDelivery, endpoint: WebhookEndpoint, *, now: datetime, error: str) -> None:
    delivery.last_error = error
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
    endpoint.consecutive_failures += 1
    if endpoint.enabled and endpoint.consecutive_failures >= DISABLE_AFTER:
        endpoint.enabled = False
        endpoint.disabled_reason = error[:300]
        endpoint.save(update_fields=["consecutive_failures", "enabled", "disabled_reason"])
        transaction.on_commit(lambda: _admins_tell(endpoint))
    else:
        endpoint.save(update_fields=["consecutive_failures"])


@transaction.atomic
def webhook_delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Make one attempt of a delivery that is due; return it (None if it is gone or not due).

    A 2xx answer is success; anything else, no answer or a refused address
    schedules the next attempt (or gives up after the last).
    """
    now = now or timezone.now()
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("endpoint")
        .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .first()
    )
    if delivery is None or (delivery.next_attempt_at is not None and delivery.next_attempt_at > now):
        return None
    endpoint = delivery.endpoint
    if not endpoint.enabled and delivery.event != WebhookEvent.PING:
        return None
    delivery.attempts += 1
    delivery.last_attempt_at = now
    body = json.dumps(delivery.payload, separators=(",", ":"))
    problem = target_problem(endpoint.url, allow_private=bool(settings.SOCIALU_WEBHOOKS_ALLOW_PRIVATE))
    if problem:
        status, error = None, problem
    else:
        secret = signing.secret_decrypt(endpoint.secret_encrypted, key_material=secrets_key())
        headers = signing.signed_headers(
            secret, message_id=delivery.message_id, timestamp=int(now.timestamp()), body=body
        )
        status, error = _post(endpoint.url, body, headers)
    delivery.last_status_code = status
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.next_attempt_at = None
        delivery.last_error = ""
        if endpoint.consecutive_failures:
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
    else:
        _failed(delivery, endpoint, now=now, error=error or f"The receiver answered {status}.")
    delivery.save()
    return delivery


def webhook_deliveries_due(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Attempt every delivery of the organisation whose retry is due; return how many were attempted."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        organisation=organisation,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
        next_attempt_at__lte=now,
        endpoint__enabled=True,
    ).values_list("pk", flat=True)
    attempted = 0
    for delivery_id in list(due):
        if webhook_delivery_attempt(delivery_id=delivery_id, now=now) is not None:
            attempted += 1
    return attempted
