"""Certificate events: a revocation is sent at once; expiry is announced 30 days ahead by the daily job."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from socialu.certification.services import certificate_revoke
from socialu.core.models import Organisation
from socialu.webhooks import services
from socialu.webhooks.jobs import certificates_expiring
from socialu.webhooks.models import WebhookDelivery
from tests.certification.support import make_certificate
from tests.webhooks.conftest import Receiver


def test_a_revocation_is_published(organisation: Organisation, receiver: Receiver) -> None:
    services.webhook_endpoint_create(organisation=organisation, url=receiver.url, events=["certificate.revoked"])
    certificate = make_certificate(organisation)

    certificate_revoke(certificate=certificate, reason="Left the programme", notify=False)

    delivery = WebhookDelivery.objects.get(event="certificate.revoked")
    assert delivery.payload["data"]["certificate_id"] == certificate.pk
    assert delivery.payload["data"]["reason"] == "Left the programme"


def test_certificates_30_days_from_expiry_are_announced_once(organisation: Organisation, receiver: Receiver) -> None:
    services.webhook_endpoint_create(organisation=organisation, url=receiver.url, events=["certificate.expiring"])
    soon = make_certificate(organisation, issued_at=timezone.now() - timedelta(days=30 * 12 - 30, hours=-1))
    make_certificate(organisation)  # a year away

    summary = certificates_expiring(organisation)

    assert summary.startswith("1 ")
    delivery = WebhookDelivery.objects.get(event="certificate.expiring")
    assert delivery.payload["data"]["certificate_ids"] == [soon.pk]
