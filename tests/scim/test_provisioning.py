"""SCIM provisioning as identity providers really call it: Entra ID's request shapes, the roster's rules, tenancy."""

from __future__ import annotations

from typing import Any

import pytest

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person, Unit
from socialu.scim.models import ScimUser
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.scim.conftest import Scim

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def _entra_user(user_name: str = "ada@acme.example", **extra: Any) -> dict[str, Any]:
    """Return a User as Microsoft Entra ID sends it on creation."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": "ada",
        "userName": user_name,
        "active": True,
        "displayName": "Ada Lovelace",
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "name": {"formatted": "Ada Lovelace", "familyName": "Lovelace", "givenName": "Ada"},
        "title": "Analyst",
        ENTERPRISE: {"employeeNumber": "E100", "department": "Engineering"},
        **extra,
    }


def _patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": list(operations)}


def test_creating_a_user_adds_a_roster_person_with_every_mapped_field(scim: Scim, organisation: Organisation) -> None:
    response = scim.call("POST", "/Users", _entra_user())

    assert response.status_code == 201
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    person = Person.objects.get(organisation=organisation, email="ada@acme.example")
    assert body["id"] == str(person.pk)
    assert response["Location"].endswith(f"/scim/v2/{organisation.slug}/Users/{person.pk}")
    assert (person.name, person.employee_id, person.job_title, person.is_active) == (
        "Ada Lovelace",
        "E100",
        "Analyst",
        True,
    )
    assert person.unit is not None and person.unit.name == "Engineering"
    assert body[ENTERPRISE]["employeeNumber"] == "E100"


def test_entra_patch_shapes_are_understood(scim: Scim, organisation: Organisation) -> None:
    created = scim.call("POST", "/Users", _entra_user()).json()
    manager = PersonFactory.create(organisation=organisation, name="Grace Hopper")

    response = scim.call(
        "PATCH",
        f"/Users/{created['id']}",
        _patch(
            # Capitalised op, filtered path, replace on an attribute the user lacks acts as add.
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "ada.l@acme.example"},
            {"op": "Replace", "path": 'addresses[type eq "work"].locality', "value": "London"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(manager.pk)},
            {"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "E200"},
            {"op": "Replace", "path": "name.givenName", "value": "Augusta"},
        ),
    )

    assert response.status_code == 200, response.content
    person = Person.objects.get(pk=int(created["id"]))
    assert person.email == "ada.l@acme.example"
    assert person.employee_id == "E200"
    assert person.manager_id == manager.pk
    body = response.json()
    assert body["addresses"] == [{"type": "work", "locality": "London"}]
    assert body["name"]["givenName"] == "Augusta"
    assert body[ENTERPRISE]["manager"]["value"] == str(manager.pk)


def test_active_false_as_a_string_deactivates_and_never_deletes(scim: Scim, organisation: Organisation) -> None:
    created = scim.call("POST", "/Users", _entra_user()).json()

    response = scim.call(
        "PATCH", f"/Users/{created['id']}", _patch({"op": "Replace", "path": "active", "value": "False"})
    )

    assert response.status_code == 200
    assert response.json()["active"] is False
    person = Person.objects.get(pk=int(created["id"]))
    assert person.is_active is False
    assert person.deactivated_at is not None
    reactivated = scim.call("PATCH", f"/Users/{created['id']}", _patch({"op": "replace", "value": {"active": "True"}}))
    assert reactivated.json()["active"] is True


def test_deleting_a_user_deactivates_the_person_and_the_user_is_gone(scim: Scim, organisation: Organisation) -> None:
    created = scim.call("POST", "/Users", _entra_user()).json()

    assert scim.call("DELETE", f"/Users/{created['id']}").status_code == 204

    person = Person.objects.get(pk=int(created["id"]))
    assert person.is_active is False
    assert scim.call("GET", f"/Users/{created['id']}").status_code == 404
    again = scim.call("POST", "/Users", _entra_user())
    assert again.status_code == 201
    assert Person.objects.get(pk=int(again.json()["id"])).is_active is True


def test_the_last_programme_admin_cannot_be_deactivated(
    scim: Scim, organisation: Organisation, admin_user: User
) -> None:
    admin = PersonFactory.create(organisation=organisation, email=admin_user.email, user=admin_user)
    response = scim.call("PATCH", f"/Users/{admin.pk}", _patch({"op": "replace", "path": "active", "value": False}))
    assert response.status_code == 400
    assert "only programme admin" in response.json()["detail"]
    admin.refresh_from_db()
    assert admin.is_active


def test_roster_validation_applies(scim: Scim, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, email="taken@acme.example")
    duplicate = scim.call("POST", "/Users", _entra_user("taken@acme.example", externalId="x"))
    # The roster person with that email and no User yet is taken over, not duplicated.
    assert duplicate.status_code == 201
    assert Person.objects.filter(organisation=organisation, email="taken@acme.example").count() == 1

    clash = scim.call("POST", "/Users", _entra_user("taken@acme.example"))
    assert clash.status_code == 409
    assert clash.json()["scimType"] == "uniqueness"
    bad = scim.call(
        "POST",
        "/Users",
        _entra_user(
            "not-an-email", emails=[{"value": "nope", "primary": True}], **{ENTERPRISE: {"employeeNumber": "B1"}}
        ),
    )
    assert bad.status_code == 400
    assert bad.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_filters_eq_sw_and_and_paginate(scim: Scim, organisation: Organisation) -> None:
    for index in range(5):
        scim.call(
            "POST", "/Users", _entra_user(f"user{index}@acme.example", **{ENTERPRISE: {"employeeNumber": f"N{index}"}})
        )
    PersonFactory.create(organisation=organisation, email="roster-only@acme.example")

    found = scim.call("GET", '/Users?filter=userName eq "USER3@acme.example"').json()
    assert [user["userName"] for user in found["Resources"]] == ["user3@acme.example"]
    roster = scim.call("GET", '/Users?filter=userName eq "roster-only@acme.example"').json()
    assert roster["totalResults"] == 1
    both = scim.call("GET", '/Users?filter=userName sw "user" and active eq true&startIndex=2&count=2').json()
    assert both["totalResults"] == 5
    assert both["startIndex"] == 2
    assert [user["userName"] for user in both["Resources"]] == ["user1@acme.example", "user2@acme.example"]
    by_number = scim.call("GET", f'/Users?filter={ENTERPRISE}:employeeNumber eq "N4"&attributes=userName').json()
    assert by_number["Resources"] == [
        {
            "schemas": by_number["Resources"][0]["schemas"],
            "id": by_number["Resources"][0]["id"],
            "meta": by_number["Resources"][0]["meta"],
            "userName": "user4@acme.example",
        }
    ]
    unsupported = scim.call("GET", '/Users?filter=userName co "x"')
    assert unsupported.status_code == 400
    assert unsupported.json()["scimType"] == "invalidFilter"


def test_groups_are_units_and_members_move_people(scim: Scim, organisation: Organisation) -> None:
    ada = scim.call("POST", "/Users", _entra_user()).json()
    bob = scim.call("POST", "/Users", _entra_user("bob@acme.example", externalId="bob", **{ENTERPRISE: {}})).json()

    group = scim.call("POST", "/Groups", {"displayName": "Social team", "members": [{"value": ada["id"]}]}).json()
    unit = Unit.objects.get(organisation=organisation, name="Social team")
    assert Person.objects.get(pk=int(ada["id"])).unit == unit

    scim.call(
        "PATCH", f"/Groups/{group['id']}", _patch({"op": "Add", "path": "members", "value": [{"value": bob["id"]}]})
    )
    assert Person.objects.get(pk=int(bob["id"])).unit == unit
    scim.call("PATCH", f"/Groups/{group['id']}", _patch({"op": "Remove", "path": f'members[value eq "{ada["id"]}"]'}))
    assert Person.objects.get(pk=int(ada["id"])).unit is None
    renamed = scim.call(
        "PATCH", f"/Groups/{group['id']}", _patch({"op": "Replace", "path": "displayName", "value": "Social"})
    )
    assert renamed.json()["displayName"] == "Social"
    unit.refresh_from_db()
    assert unit.name == "Social"
    listed = scim.call("GET", '/Groups?filter=displayName eq "Social"&excludedAttributes=members').json()
    assert listed["totalResults"] == 1 and "members" not in listed["Resources"][0]
    assert scim.call("DELETE", f"/Groups/{group['id']}").status_code == 204
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_discovery_endpoints(scim: Scim) -> None:
    config = scim.call("GET", "/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True and config["filter"]["supported"] is True
    types = scim.call("GET", "/ResourceTypes").json()
    assert {resource["name"] for resource in types["Resources"]} == {"User", "Group"}
    schemas = scim.call("GET", "/Schemas").json()
    assert ENTERPRISE in {schema["id"] for schema in schemas["Resources"]}
    assert scim.call("GET", "/Nothing/here").status_code == 404


def test_a_token_needs_the_scim_scope_and_an_admin(
    organisation: Organisation, admin_user: User, scim_base: str
) -> None:
    _, rest = account_services.api_token_create(
        user=admin_user, organisation=organisation, name="rest", scopes=["admin"]
    )
    assert Scim(scim_base, rest).call("GET", "/Users").status_code == 403
    learner = member(organisation, Role.LEARNER)
    _, learners = account_services.api_token_create(user=learner, organisation=organisation, name="l", scopes=["scim"])
    assert Scim(scim_base, learners).call("GET", "/Users").status_code == 403
    assert Scim(scim_base, "su_nonsense").call("GET", "/Users").status_code == 401


def test_another_organisation_is_not_found(scim: Scim, organisation: Organisation, admin_user: User) -> None:
    other = OrganisationFactory.create(slug="other")
    member(other, Role.PROGRAMME_ADMIN, email=admin_user.email)
    stranger = PersonFactory.create(organisation=other)
    # Our token in the other organisation's service, and the other organisation's person in ours.
    assert Scim(f"/scim/v2/{other.slug}", scim.headers["Authorization"][7:]).call("GET", "/Users").status_code == 404
    assert scim.call("GET", f"/Users/{stranger.pk}").status_code == 404
    assert (
        scim.call(
            "PATCH", f"/Users/{stranger.pk}", _patch({"op": "replace", "path": "active", "value": False})
        ).status_code
        == 404
    )
    stranger.refresh_from_db()
    assert stranger.is_active


@pytest.mark.parametrize("shape", ["not json", '{"Operations": "nope"}', '{"Operations": [{"op": "move"}]}'])
def test_unreadable_patches_are_refused(scim: Scim, shape: str) -> None:
    created = scim.call("POST", "/Users", _entra_user()).json()
    response = scim.client.generic(
        "PATCH", f"{scim.base}/Users/{created['id']}", shape, "application/scim+json", headers=scim.headers
    )
    assert response.status_code == 400
    assert ScimUser.objects.get(person_id=int(created["id"])).attributes["displayName"] == "Ada Lovelace"


def test_the_admin_page_gives_the_address_and_the_tokens(
    scim: Scim, organisation: Organisation, admin_client: Any
) -> None:
    scim.call("POST", "/Users", _entra_user())
    page = admin_client.get(f"/o/{organisation.slug}/scim/").content.decode()
    assert f"/scim/v2/{organisation.slug}/" in page
    assert "Entra ID" in page  # the scim token's name
    assert "ada@acme.example" in page
