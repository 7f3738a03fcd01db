"""What the SCIM service publishes about itself (RFC 7643 §5–7): its configuration, resource types and schemas.

Only the attributes SocialU keeps are published, so that a client (and
``scim2-tester``) knows exactly what is stored; docs/scim.md gives the mapping
of each to the roster.
"""

from __future__ import annotations

from typing import Any

from socialu.scim.protocol import ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA

MAX_RESULTS = 200


def _attribute(name: str, description: str, *, kind: str = "string", **options: Any) -> dict[str, Any]:
    """Return an attribute definition; *options* are required, multi_valued, mutability, uniqueness,
    sub_attributes, reference_types and canonical_values."""
    attribute: dict[str, Any] = {
        "name": name,
        "type": kind,
        "multiValued": options.get("multi_valued", False),
        "description": description,
        "required": options.get("required", False),
        "caseExact": False,
        "mutability": options.get("mutability", "readWrite"),
        "returned": "default",
        "uniqueness": options.get("uniqueness", "none"),
    }
    for option, key in (
        ("sub_attributes", "subAttributes"),
        ("reference_types", "referenceTypes"),
        ("canonical_values", "canonicalValues"),
    ):
        if option in options:
            attribute[key] = options[option]
    return attribute


USER_ATTRIBUTES = [
    _attribute(
        "userName",
        "The sign-in name the identity provider uses (often the work email); unique in the organisation.",
        required=True,
        uniqueness="server",
    ),
    _attribute(
        "name",
        "The person's name; the roster name is displayName, else formatted, else given and family name.",
        kind="complex",
        sub_attributes=[
            _attribute("formatted", "The full name, formatted for display."),
            _attribute("givenName", "Given (first) name."),
            _attribute("familyName", "Family (last) name."),
        ],
    ),
    _attribute("displayName", "The name shown in SocialU (the roster name)."),
    _attribute("title", "Job title (the roster job title)."),
    _attribute(
        "emails",
        "Email addresses; the primary one (else the work one, else the first) is the roster email.",
        kind="complex",
        multi_valued=True,
        required=True,
        sub_attributes=[
            _attribute("value", "The address.", required=True),
            _attribute("type", "work, home or other.", canonical_values=["work", "home", "other"]),
            _attribute("primary", "Whether this is the address to use.", kind="boolean"),
        ],
    ),
    _attribute(
        "active",
        "false deactivates the person (never deleted); true reactivates them. Always answered; a User sent "
        "without it is active.",
        kind="boolean",
        required=True,
    ),
]
ENTERPRISE_ATTRIBUTES = [
    _attribute("employeeNumber", "The roster employee id; unique in the organisation."),
    _attribute("department", "The unit the person belongs to (created at the top of the unit tree if new)."),
    _attribute(
        "manager",
        "The person's manager: value is the manager's SCIM User id.",
        kind="complex",
        sub_attributes=[
            _attribute("value", "The manager's User id."),
            _attribute("$ref", "The manager's User address.", kind="reference", reference_types=["User"]),
            _attribute("displayName", "The manager's name.", mutability="readOnly"),
        ],
    ),
]
GROUP_ATTRIBUTES = [
    _attribute("displayName", "The unit's name; unique among the organisation's units.", required=True),
    _attribute(
        "members",
        "The people in the unit: value is each person's SCIM User id.",
        kind="complex",
        multi_valued=True,
        sub_attributes=[
            _attribute("value", "The member's User id.", mutability="immutable"),
            _attribute("$ref", "The member's User address.", kind="reference", reference_types=["User"]),
            _attribute("type", "Always User.", mutability="immutable", canonical_values=["User"]),
        ],
    ),
]

SCHEMAS: dict[str, tuple[str, str, list[dict[str, Any]]]] = {
    USER_SCHEMA: ("User", "A person in the organisation's roster.", USER_ATTRIBUTES),
    ENTERPRISE_SCHEMA: ("EnterpriseUser", "Employee number, department (unit) and manager.", ENTERPRISE_ATTRIBUTES),
    GROUP_SCHEMA: ("Group", "A unit of the organisation.", GROUP_ATTRIBUTES),
}


def schema_document(schema_id: str, *, base: str) -> dict[str, Any]:
    """Return the Schema resource *schema_id* (RFC 7643 §7)."""
    name, description, attributes = SCHEMAS[schema_id]
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": schema_id,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{schema_id}"},
    }


RESOURCE_TYPES: dict[str, dict[str, Any]] = {
    "User": {
        "name": "User",
        "endpoint": "/Users",
        "description": "People in the roster.",
        "schema": USER_SCHEMA,
        "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": False}],
    },
    "Group": {"name": "Group", "endpoint": "/Groups", "description": "Units.", "schema": GROUP_SCHEMA},
}


def resource_type_document(name: str, *, base: str) -> dict[str, Any]:
    """Return the ResourceType resource *name* (RFC 7643 §6)."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": name,
        **RESOURCE_TYPES[name],
        "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{name}"},
    }


def service_provider_config(*, base: str, documentation: str) -> dict[str, Any]:
    """Return the ServiceProviderConfig (RFC 7643 §5): PATCH and filtering yes; bulk, sort, ETags and passwords no."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": documentation,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "An API token of the organisation with the scim scope, as Authorization: Bearer.",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }
