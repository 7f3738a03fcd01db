"""SocialU's people and units as SCIM Users and Groups (the representation read back and patched)."""

from __future__ import annotations

from typing import Any

from socialu.people.models import Person, Unit
from socialu.scim.models import ScimGroup, ScimUser
from socialu.scim.protocol import ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def user_attributes_of_roster(person: Person) -> dict[str, Any]:
    """Return the attributes of a person SCIM never wrote, from the roster (userName is the email)."""
    attributes: dict[str, Any] = {
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
        "userName": person.email,
        "displayName": person.name,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        ENTERPRISE_SCHEMA: {"employeeNumber": person.employee_id},
    }
    if person.job_title:
        attributes["title"] = person.job_title
    if person.manager_id is not None:
        attributes[ENTERPRISE_SCHEMA]["manager"] = {"value": str(person.manager_id)}
    return attributes


def user_resource(person: Person, scim_user: ScimUser | None, *, base: str) -> dict[str, Any]:
    """Return *person* as a SCIM User: what the provider last sent (or the roster's values), active from the roster."""
    if scim_user is not None:
        resource: dict[str, Any] = {key: value for key, value in scim_user.attributes.items() if key != "active"}
        resource["userName"] = scim_user.user_name
        if scim_user.external_id:
            resource["externalId"] = scim_user.external_id
    else:
        resource = user_attributes_of_roster(person)
    resource["schemas"] = [USER_SCHEMA] + ([ENTERPRISE_SCHEMA] if ENTERPRISE_SCHEMA in resource else [])
    resource["id"] = str(person.pk)
    resource["active"] = person.is_active
    enterprise = resource.get(ENTERPRISE_SCHEMA)
    if isinstance(enterprise, dict) and isinstance(enterprise.get("manager"), dict):
        manager = enterprise["manager"]
        if manager.get("value"):
            manager["$ref"] = f"{base}/Users/{manager['value']}"
    location = f"{base}/Users/{person.pk}"
    created = scim_user.created_at if scim_user is not None else person.created_at
    modified = max(person.updated_at, scim_user.updated_at) if scim_user is not None else person.updated_at
    resource["meta"] = {
        "resourceType": "User",
        "created": _when(created),
        "lastModified": _when(modified),
        "location": location,
    }
    return resource


def group_resource(group: ScimGroup, unit: Unit, members: list[tuple[int, str]] | None, *, base: str) -> dict[str, Any]:
    """Return a unit as a SCIM Group, with *members* (id, name) unless they were left out (None)."""
    resource: dict[str, Any] = {
        "schemas": [GROUP_SCHEMA],
        "id": str(group.pk),
        "displayName": unit.name,
    }
    if group.external_id:
        resource["externalId"] = group.external_id
    if members is not None:
        resource["members"] = [
            {"value": str(pk), "$ref": f"{base}/Users/{pk}", "type": "User"} for pk, _name in members
        ]
    resource["meta"] = {
        "resourceType": "Group",
        "created": _when(group.created_at),
        "lastModified": _when(group.updated_at),
        "location": f"{base}/Groups/{group.pk}",
    }
    return resource
