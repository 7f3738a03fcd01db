"""Personal API tokens: hashed at rest, shown once, revocable, and the CLI that makes them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.accounts import services
from socialu.accounts.models import ApiToken, User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import member


def _people_api(organisation: Organisation) -> str:
    return f"/api/v1/orgs/{organisation.slug}/people"


def test_creating_a_token_shows_it_once_and_stores_only_its_hash(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    url = reverse("api_tokens", args=[organisation.slug])

    response = admin_client.post(url, {"name": "HR sync", "scopes": ["read"]})

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=admin_user)
    content = response.content.decode()
    raw = content.split('id="new-token-value" class="token-value" value="')[1].split('"')[0]
    assert "Copy it now" in content
    assert token.token_hash == services.hash_token(raw)
    assert token.prefix == raw[:8]
    assert raw not in {token.token_hash, token.prefix, token.name}
    later = admin_client.get(url).content.decode()
    assert raw not in later
    assert f"{token.prefix}…" in later
    assert "HR sync" in later


def test_a_token_needs_a_name(organisation: Organisation, admin_client: Client) -> None:
    response = admin_client.post(reverse("api_tokens", args=[organisation.slug]), {"name": "  ", "scopes": ["read"]})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_every_member_may_manage_their_own_tokens(organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(organisation))
    assert client.get(reverse("api_tokens", args=[organisation.slug])).status_code == 200


def test_a_token_works_until_it_is_revoked(organisation: Organisation, admin_user: User, admin_client: Client) -> None:
    token, raw = services.api_token_create(user=admin_user, name="Payroll bridge")
    api = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    assert api.get(_people_api(organisation), headers=headers).status_code == 200

    admin_client.post(reverse("api_token_revoke", args=[organisation.slug, token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get(_people_api(organisation), headers=headers).status_code == 401
    admin_client.get(reverse("api_tokens", args=[organisation.slug]))  # shows the "revoked" message once
    assert "Payroll bridge" not in admin_client.get(reverse("api_tokens", args=[organisation.slug])).content.decode()


def test_nobody_can_revoke_someone_elses_token(organisation: Organisation, admin_client: Client) -> None:
    other = member(organisation)
    token, _ = services.api_token_create(user=other, name="theirs")
    response = admin_client.post(reverse("api_token_revoke", args=[organisation.slug, token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_is_recorded_at_most_once_a_minute(organisation: Organisation, admin_user: User) -> None:
    token, raw = services.api_token_create(user=admin_user, name="script")
    headers = {"Authorization": f"Bearer {raw}"}

    Client().get(_people_api(organisation), headers=headers)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    Client().get(_people_api(organisation), headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    Client().get(_people_api(organisation), headers=headers)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first_use - timedelta(seconds=1)


def test_cli_token_create_prints_only_the_token(organisation: Organisation, admin_user: User) -> None:
    out = StringIO()

    call_command("token", "create", "ADMIN@acme.example", "--name", "nightly", stdout=out)

    raw = out.getvalue().strip()
    assert "\n" not in raw
    token = ApiToken.objects.get(user=admin_user)
    assert token.name == "nightly"
    assert token.token_hash == services.hash_token(raw)
    assert Client().get(_people_api(organisation), headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_cli_token_create_for_an_unknown_account_fails_clearly(db: None) -> None:
    with pytest.raises(CommandError, match=r"no account for nobody@example\.com"):
        call_command("token", "create", "nobody@example.com")


def test_learner_token_cannot_list_people(organisation: Organisation) -> None:
    learner = member(organisation, Role.LEARNER)
    _, raw = services.api_token_create(user=learner, name="mine")
    response = Client().get(_people_api(organisation), headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403
