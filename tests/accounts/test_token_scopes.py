"""API tokens per organisation, with scopes and expiry: the API checks both, the spec names the scope."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.accounts import services
from socialu.accounts.models import ApiToken, User
from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.core.permissions import Capability, Scope, scope_required, scopes_grant
from socialu.core.roles import Role
from tests.factories import OrganisationFactory, member


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_read_token_reads_but_cannot_change(organisation: Organisation, admin_user: User) -> None:
    _, raw = services.api_token_create(
        user=admin_user, organisation=organisation, name="reporting", scopes=[Scope.READ]
    )
    api = Client()
    assert api.get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(raw)).status_code == 200

    response = api.post(
        f"/api/v1/orgs/{organisation.slug}/tokens",
        data={"name": "escalate", "scopes": ["admin"]},
        content_type="application/json",
        headers=_bearer(raw),
    )

    assert response.status_code == 403
    assert "“admin” scope" in response.json()["detail"]
    assert ApiToken.objects.count() == 1


def test_admin_only_operations_need_the_admin_scope_even_to_read(organisation: Organisation, admin_user: User) -> None:
    _, write = services.api_token_create(user=admin_user, organisation=organisation, name="w", scopes=["write"])
    _, admin = services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    url = f"/api/v1/orgs/{organisation.slug}/tokens"
    assert Client().get(url, headers=_bearer(write)).status_code == 403
    listed = Client().get(url, headers=_bearer(admin))
    assert listed.status_code == 200
    assert {row["name"] for row in listed.json()} == {"w", "a"}


def test_scopes_never_exceed_the_role(organisation: Organisation) -> None:
    learner = member(organisation, Role.LEARNER)
    _, raw = services.api_token_create(user=learner, organisation=organisation, name="mine", scopes=["admin"])
    assert Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(raw)).status_code == 403


def test_a_token_for_one_organisation_answers_404_in_another(organisation: Organisation, admin_user: User) -> None:
    other = OrganisationFactory.create(slug="other")
    member(other, Role.PROGRAMME_ADMIN, email=admin_user.email)
    _, raw = services.api_token_create(user=admin_user, organisation=organisation, name="acme only")
    assert Client().get(f"/api/v1/orgs/{other.slug}/people", headers=_bearer(raw)).status_code == 404
    assert Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(raw)).status_code == 200


def test_an_expired_token_is_refused(organisation: Organisation, admin_user: User) -> None:
    token, raw = services.api_token_create(user=admin_user, organisation=organisation, name="short")
    url = f"/api/v1/orgs/{organisation.slug}/people"
    assert Client().get(url, headers=_bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(url, headers=_bearer(raw)).status_code == 401


def test_a_scim_token_does_not_open_the_rest_api(organisation: Organisation, admin_user: User) -> None:
    _, raw = services.api_token_create(user=admin_user, organisation=organisation, name="entra", scopes=["scim"])
    assert Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    ("scopes", "expires_in", "field"),
    [
        (["read", "superuser"], timedelta(days=5), "scopes"),
        ([], timedelta(days=5), "scopes"),
        (["read"], timedelta(days=-1), "expires_at"),
        (["read"], timedelta(days=400), "expires_at"),
    ],
)
def test_unusable_scopes_or_expiry_are_refused_by_field(
    organisation: Organisation, admin_user: User, scopes: list[str], expires_in: timedelta, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.api_token_create(
            user=admin_user,
            organisation=organisation,
            name="x",
            scopes=scopes,
            expires_at=timezone.now() + expires_in,
        )
    assert field in refused.value.errors
    assert not ApiToken.objects.exists()


def test_a_token_cannot_be_made_where_its_user_is_not_a_member(admin_user: User) -> None:
    elsewhere = OrganisationFactory.create(slug="elsewhere")
    with pytest.raises(InvalidInputError, match="not a member"):
        services.api_token_create(user=admin_user, organisation=elsewhere, name="x")


def test_creating_over_the_api_shows_the_secret_once_and_it_works(organisation: Organisation, admin_user: User) -> None:
    _, admin = services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    response = Client().post(
        f"/api/v1/orgs/{organisation.slug}/tokens",
        data={"name": "reader", "scopes": ["read"]},
        content_type="application/json",
        headers=_bearer(admin),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["scopes"] == ["read"]
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=89) < expires - timezone.now() <= timedelta(days=90)
    assert Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(body["token"])).status_code == 200
    listed = Client().get(f"/api/v1/orgs/{organisation.slug}/tokens", headers=_bearer(admin)).json()
    assert all("token" not in row for row in listed)


def test_an_admin_revokes_a_members_token_over_the_api(organisation: Organisation, admin_user: User) -> None:
    facilitator = member(organisation, Role.FACILITATOR)
    theirs, raw = services.api_token_create(user=facilitator, organisation=organisation, name="theirs")
    _, admin = services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    response = Client().post(f"/api/v1/orgs/{organisation.slug}/tokens/{theirs.pk}/revoke", headers=_bearer(admin))
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers=_bearer(raw)).status_code == 401


def test_another_organisations_token_cannot_be_revoked_here(organisation: Organisation, admin_user: User) -> None:
    other = OrganisationFactory.create(slug="other")
    outsider = member(other, Role.PROGRAMME_ADMIN)
    theirs, _ = services.api_token_create(user=outsider, organisation=other, name="theirs")
    _, admin = services.api_token_create(user=admin_user, organisation=organisation, name="a", scopes=["admin"])
    response = Client().post(f"/api/v1/orgs/{organisation.slug}/tokens/{theirs.pk}/revoke", headers=_bearer(admin))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_admin_page_lists_and_revokes_members_tokens(organisation: Organisation, admin_client: Client) -> None:
    facilitator = member(organisation, Role.FACILITATOR, email="fac@acme.example")
    token, _ = services.api_token_create(user=facilitator, organisation=organisation, name="calendar feed")
    page = admin_client.get(reverse("organisation_tokens", args=[organisation.slug])).content.decode()
    assert "calendar feed" in page
    assert "fac@acme.example" in page

    admin_client.post(reverse("organisation_token_revoke", args=[organisation.slug, token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_personal_page_creates_a_token_with_scopes_and_expiry(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    expires_on = (timezone.now() + timedelta(days=30)).date()
    response = admin_client.post(
        reverse("api_tokens", args=[organisation.slug]),
        {"name": "Entra provisioning", "scopes": ["scim"], "expires_on": expires_on.isoformat()},
    )
    assert response.status_code == 201
    token = ApiToken.objects.get(user=admin_user)
    assert token.scopes == ["scim"]
    assert token.organisation == organisation
    assert token.expires_at is not None and token.expires_at.date() == expires_on


def test_the_personal_page_refuses_an_expiry_too_far_away(organisation: Organisation, admin_client: Client) -> None:
    expires_on = (timezone.now() + timedelta(days=500)).date()
    response = admin_client.post(
        reverse("api_tokens", args=[organisation.slug]),
        {"name": "forever", "scopes": ["read"], "expires_on": expires_on.isoformat()},
    )
    assert response.status_code == 400
    assert "366 days" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_cli_creates_lists_and_revokes(organisation: Organisation, admin_user: User) -> None:
    out = StringIO()
    call_command(
        "token", "create", admin_user.email, "--org", organisation.slug, "--scope", "read", "--json", stdout=out
    )
    created = json.loads(out.getvalue())
    assert created["scopes"] == ["read"]
    out = StringIO()
    call_command("token", "list", "--org", organisation.slug, "--json", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [created["id"]]
    call_command("token", "revoke", "--org", organisation.slug, str(created["id"]), stdout=StringIO())
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is not None


def test_the_scope_table() -> None:
    assert scope_required(Capability.VIEW_PEOPLE, changes=False) is Scope.READ
    assert scope_required(Capability.MANAGE_PEOPLE, changes=True) is Scope.WRITE
    assert scope_required(Capability.VIEW_AUDIT_LOG, changes=False) is Scope.ADMIN
    assert scope_required(Capability.CHECK_POSTS, changes=True) is Scope.READ
    assert scopes_grant(["admin"], Capability.MANAGE_PEOPLE, changes=True)
    assert not scopes_grant(["scim"], Capability.VIEW_PEOPLE, changes=False)


def test_the_openapi_document_names_each_operations_scope(db: None) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    people = spec["paths"]["/api/v1/orgs/{org_slug}/people"]["get"]
    assert {"ApiTokenAuth": ["read"]} in people["security"]
    assert people["x-socialu-scope"] == "read"
    tokens = spec["paths"]["/api/v1/orgs/{org_slug}/tokens"]
    assert tokens["get"]["x-socialu-scope"] == "admin"
    assert "scim" in spec["components"]["securitySchemes"]["ApiTokenAuth"]["description"]
    scoped = [op for ops in spec["paths"].values() for op in ops.values() if "x-socialu-scope" in op]
    assert len(scoped) == sum(len(ops) for ops in spec["paths"].values())
