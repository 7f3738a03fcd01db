"""Webhooks end to end: signed per Standard Webhooks (verified with the reference library), retried, logged."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django import Settings
from standardwebhooks import Webhook

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.people import person_services
from socialu.webhooks import services
from socialu.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.factories import PersonFactory
from tests.webhooks.conftest import Receiver


def _subscribe(organisation: Organisation, receiver: Receiver, *events: str) -> tuple[WebhookEndpoint, str]:
    return services.webhook_endpoint_create(
        organisation=organisation, url=receiver.url, events=list(events) or ["person.changed"]
    )


def test_an_event_reaches_the_receiver_signed_and_the_reference_library_verifies_it(
    organisation: Organisation, receiver: Receiver, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    _, secret = _subscribe(organisation, receiver, "person.changed", "person.deactivated")

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        person = person_services.person_create(
            organisation=organisation, employee_id="W1", name="Wendy", email="wendy@acme.example"
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        person_services.person_update(person=person, is_active=False)

    assert len(receiver.received) >= 2
    events = []
    for headers, body in receiver.received:
        verified = Webhook(secret).verify(body, headers)
        events.append(verified["type"])
        assert headers["webhook-id"].startswith("msg_")
    assert "person.changed" in events and "person.deactivated" in events
    delivery = WebhookDelivery.objects.filter(event="person.deactivated").get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.SUCCEEDED, 1, 204)
    assert json.loads(receiver.received[-1][1])["data"]["person_ids"] == [person.pk]


def test_a_tampered_body_fails_verification(
    organisation: Organisation, receiver: Receiver, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    endpoint, secret = _subscribe(organisation, receiver)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.webhook_ping(endpoint=endpoint)
    headers, body = receiver.received[0]
    with pytest.raises(Exception, match=r"(?i)signature"):
        Webhook(secret).verify(body.replace(b"ping", b"pong"), headers)


def test_failures_are_retried_with_backoff_then_given_up_and_the_endpoint_disabled(
    organisation: Organisation,
    receiver: Receiver,
    settings: Settings,
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    PersonFactory.create(organisation=organisation)  # someone to tell
    from socialu.core.roles import Role
    from tests.factories import member

    member(organisation, Role.PROGRAMME_ADMIN, email="boss@acme.example")
    receiver.answer = 500
    endpoint, _ = _subscribe(organisation, receiver)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        [delivery] = services.webhook_event_publish(organisation=organisation, event="person.changed", data={})
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.RETRYING, 1, 500)
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at  # type: ignore[operator]
    assert first_wait == timedelta(minutes=1)

    # Not due yet: nothing is sent.
    assert services.webhook_deliveries_due(organisation=organisation, now=delivery.last_attempt_at) == 0
    waits = [first_wait]
    now = timezone.now()
    for _ in range(services.MAX_ATTEMPTS - 1):
        delivery.refresh_from_db()
        now = delivery.next_attempt_at or now
        services.webhook_deliveries_due(organisation=organisation, now=now)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
    assert waits == list(services.RETRY_DELAYS)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert len(receiver.received) == services.MAX_ATTEMPTS

    # More failing deliveries switch the endpoint off and tell the admins.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for _ in range(services.DISABLE_AFTER):
            services.webhook_event_publish(organisation=organisation, event="person.changed", data={})
    endpoint.refresh_from_db()
    assert endpoint.enabled is False
    assert "500" in endpoint.disabled_reason
    assert any("boss@acme.example" in message.to for message in mail.outbox)

    # Manual redelivery once the receiver is fixed.
    receiver.answer = 200
    services.webhook_endpoint_enable(endpoint=endpoint, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.webhook_redeliver(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert receiver.received[-1][0]["webhook-id"] == delivery.message_id


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hooks",
        "http://localhost/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/hooks",
        "http://[::1]/hooks",
        "ftp://example.com/hooks",
    ],
)
def test_private_loopback_and_link_local_targets_are_refused(organisation: Organisation, url: str) -> None:
    with pytest.raises(InvalidInputError):
        services.webhook_endpoint_create(organisation=organisation, url=url, events=["person.changed"])
    assert not WebhookEndpoint.objects.exists()


def test_the_secret_is_encrypted_at_rest(organisation: Organisation, receiver: Receiver) -> None:
    endpoint, secret = _subscribe(organisation, receiver)
    endpoint.refresh_from_db()
    assert secret.startswith("whsec_")
    assert secret not in endpoint.secret_encrypted
    assert secret[6:] not in endpoint.secret_encrypted
    assert endpoint.secret_prefix == secret[:12]


def test_only_subscribed_events_are_sent(organisation: Organisation, receiver: Receiver) -> None:
    _subscribe(organisation, receiver, "policy.acknowledged")
    assert services.webhook_event_publish(organisation=organisation, event="person.changed", data={}) == []
