"""The Webhooks admin page, API and command: secret shown once, log, redelivery, tenancy."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.webhooks import services
from socialu.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import OrganisationFactory
from tests.webhooks.conftest import Receiver


def test_the_page_shows_the_secret_once_and_logs_a_test_delivery(
    organisation: Organisation,
    admin_client: Client,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = f"/o/{organisation.slug}/webhooks/"
    response = admin_client.post(url, {"url": receiver.url, "events": ["person.changed"], "description": "CRM"})
    assert response.status_code == 201
    endpoint = WebhookEndpoint.objects.get(organisation=organisation)
    page = response.content.decode()
    secret = page.split('id="new-secret-value" class="token-value" value="')[1].split('"')[0]
    assert secret.startswith("whsec_") and secret[:12] == endpoint.secret_prefix
    assert secret not in admin_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/o/{organisation.slug}/webhooks/{endpoint.pk}/test/")

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "succeeded"
    assert "webhook.ping" in admin_client.get(url).content.decode()


def test_the_page_refuses_a_loopback_address_without_the_operator_setting(
    organisation: Organisation, admin_client: Client
) -> None:
    response = admin_client.post(
        f"/o/{organisation.slug}/webhooks/", {"url": "http://127.0.0.1/x", "events": ["person.changed"]}
    )
    assert response.status_code == 400
    assert "private, loopback or link-local" in response.content.decode()


def test_the_api_creates_lists_and_redelivers(organisation: Organisation, admin_user: User, receiver: Receiver) -> None:
    _, raw = account_services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    headers = {"Authorization": f"Bearer {raw}"}
    api = Client()
    created = api.post(
        f"/api/v1/orgs/{organisation.slug}/webhooks",
        data={"url": receiver.url, "events": ["person.changed"]},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_")
    listed = api.get(f"/api/v1/orgs/{organisation.slug}/webhooks", headers=headers).json()
    assert "secret" not in listed[0]
    [delivery] = services.webhook_event_publish(organisation=organisation, event="person.changed", data={})
    again = api.post(f"/api/v1/orgs/{organisation.slug}/webhooks/deliveries/{delivery.pk}/redeliver", headers=headers)
    assert again.status_code == 202
    log = api.get(f"/api/v1/orgs/{organisation.slug}/webhooks/deliveries", headers=headers).json()
    assert log[0]["id"] == delivery.pk


def test_another_organisations_delivery_is_not_found(organisation: Organisation, admin_user: User) -> None:
    other = OrganisationFactory.create(slug="other")
    endpoint = WebhookEndpoint.objects.create(
        organisation=other, url="https://example.com/x", events=["person.changed"], secret_prefix="x"
    )
    delivery = WebhookDelivery.objects.create(
        organisation=other, endpoint=endpoint, message_id="m", event="person.changed", payload={}
    )
    _, raw = account_services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    response = Client().post(
        f"/api/v1/orgs/{organisation.slug}/webhooks/deliveries/{delivery.pk}/redeliver",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 404


def test_the_command_adds_and_lists(organisation: Organisation, receiver: Receiver) -> None:
    out = StringIO()
    call_command("webhooks", "add", "--org", organisation.slug, receiver.url, "--event", "person.changed", stdout=out)
    assert out.getvalue().strip().startswith("whsec_")
    out = StringIO()
    call_command("webhooks", "list", "--org", organisation.slug, "--json", stdout=out)
    assert json.loads(out.getvalue())[0]["url"] == receiver.url
