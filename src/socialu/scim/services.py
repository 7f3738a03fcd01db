"""Writes for SCIM provisioning: Users and Groups become roster people and units through the people services.

Every change goes through ``people.person_services`` (``person_create`` and
``person_update``), so SCIM applies the same validation, the same
deactivate-never-delete rule (the last programme admin cannot be
deactivated) and announces the same events as the roster and the directory.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from socialu.core.errors import ConflictError, InvalidInputError
from socialu.core.models import Organisation
from socialu.people import person_services
from socialu.people import services as people_services
from socialu.people.models import UNIT_PATH_SEPARATOR, Person, Unit
from socialu.people.selectors import people_in, units_in
from socialu.scim.models import ScimGroup, ScimUser
from socialu.scim.protocol import ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, ScimError, boolean, patch_apply
from socialu.scim.resources import group_resource, user_attributes_of_roster, user_resource

USER_MULTI_VALUED = frozenset({"emails"})
GROUP_MULTI_VALUED = frozenset({"members"})
READ_ONLY = frozenset({"id", "meta"})
# What a client may not store in the attributes: the server's own, and what the roster keeps.
_SERVER_KEYS = frozenset({"id", "meta", "active", "schemas", "username", "externalid", "password"})


def _problem_from(error: InvalidInputError) -> ScimError:
    """Return the SCIM answer to a refusal of the people services: 409 for a duplicate, 400 otherwise."""
    if isinstance(error, ConflictError) or "already has" in error.message or "already a unit" in error.message:
        return ScimError(error.message, status=409, scim_type="uniqueness")
    return ScimError(error.message, scim_type="invalidValue")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _key_of(container: dict[str, Any], name: str) -> Any:
    return next((value for key, value in container.items() if key.lower() == name.lower()), None)


def _clean_user(resource: Any) -> tuple[str, str, dict[str, Any], Any]:
    """Return userName, externalId, the attributes to keep and ``active`` of a User sent by a client."""
    if not isinstance(resource, dict):
        raise ScimError("Send a User as a JSON object.", scim_type="invalidSyntax")
    user_name = _text(_key_of(resource, "userName"))
    if not user_name:
        raise ScimError("Give the User a userName.", scim_type="invalidValue")
    attributes: dict[str, Any] = {}
    for key, value in resource.items():
        if key.lower() in _SERVER_KEYS or value is None:
            continue
        if key.lower() == ENTERPRISE_SCHEMA.lower():
            attributes[ENTERPRISE_SCHEMA] = _clean_enterprise(value)
        elif key.lower() == "emails":
            attributes["emails"] = [_clean_email(item) for item in value] if isinstance(value, list) else value
        else:
            attributes[key] = value
    return user_name, _text(_key_of(resource, "externalId")), attributes, boolean(_key_of(resource, "active"))


def _clean_email(item: Any) -> Any:
    if isinstance(item, dict) and "primary" in item:
        return {**item, "primary": boolean(item["primary"])}
    return item


def _clean_enterprise(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    cleaned = dict(value)
    manager = _key_of(cleaned, "manager")
    if isinstance(manager, str | int):
        # Entra ID sends the manager as the bare id: {"path": "…:manager", "value": "42"}.
        manager = {"value": str(manager)} if str(manager).strip() else None
    if isinstance(manager, dict):
        manager = {key: item for key, item in manager.items() if key != "displayName"}
        if not str(manager.get("value") or "").strip():
            manager = None
    cleaned = {key: item for key, item in cleaned.items() if key.lower() != "manager"}
    if manager is not None:
        cleaned["manager"] = manager
    return cleaned


def _email_of(attributes: dict[str, Any], user_name: str) -> str:
    emails = [item for item in attributes.get("emails") or [] if isinstance(item, dict) and _text(item.get("value"))]
    for chosen in (
        [item for item in emails if item.get("primary") is True],
        [item for item in emails if _text(item.get("type")).lower() == "work"],
        emails,
    ):
        if chosen:
            return _text(chosen[0]["value"])
    if "@" in user_name:
        return user_name
    raise ScimError(
        "Give the User an email (emails[].value), or a userName that is an email.", scim_type="invalidValue"
    )


def _name_of(attributes: dict[str, Any], user_name: str) -> str:
    found = attributes.get("name")
    name: dict[str, Any] = found if isinstance(found, dict) else {}
    given_family = " ".join(part for part in (_text(name.get("givenName")), _text(name.get("familyName"))) if part)
    return _text(attributes.get("displayName")) or _text(name.get("formatted")) or given_family or user_name


def _manager_id(organisation: Organisation, enterprise: dict[str, Any], *, person: Person | None) -> int | None:
    manager = enterprise.get("manager")
    if not isinstance(manager, dict):
        return None
    value = str(manager.get("value") or "").strip()
    if not value.isdigit() or not people_in(organisation=organisation).filter(pk=int(value)).exists():
        raise ScimError(f"There is no User {value} to be the manager.", scim_type="invalidValue")
    if person is not None and int(value) == person.pk:
        raise ScimError("A person cannot be their own manager.", scim_type="invalidValue")
    return int(value)


def _unit_for(organisation: Organisation, department: str) -> int:
    if UNIT_PATH_SEPARATOR.strip() in department:
        raise ScimError(f"A department cannot hold “{UNIT_PATH_SEPARATOR.strip()}”.", scim_type="invalidValue")
    known = dict(units_in(organisation=organisation).filter(depth=0).values_list("path", "pk"))
    unit_id, _ = people_services.unit_ensure_path(organisation=organisation, names=[department], known=known)
    return unit_id


def _person_values(
    organisation: Organisation, user_name: str, external_id: str, attributes: dict[str, Any], *, person: Person | None
) -> dict[str, Any]:
    """Return the roster fields the User's attributes set (see docs/scim.md for the mapping)."""
    found = attributes.get(ENTERPRISE_SCHEMA)
    enterprise: dict[str, Any] = found if isinstance(found, dict) else {}
    values: dict[str, Any] = {
        "email": _email_of(attributes, user_name),
        "name": _name_of(attributes, user_name)[:200],
        "job_title": _text(attributes.get("title")),
        "manager_id": _manager_id(organisation, enterprise, person=person),
    }
    employee_number = _text(enterprise.get("employeeNumber"))
    if employee_number:
        values["employee_id"] = employee_number
    elif person is None:
        values["employee_id"] = (external_id or user_name)[:64]
    department = _text(enterprise.get("department"))
    if department:
        values["unit_id"] = _unit_for(organisation, department)
    return values


def _user_name_free(organisation: Organisation, user_name: str, *, scim_user: ScimUser | None) -> None:
    taken = ScimUser.objects.filter(organisation=organisation, user_name__iexact=user_name)
    if scim_user is not None:
        taken = taken.exclude(pk=scim_user.pk)
    if taken.filter(deleted_at__isnull=True).exists():
        raise ScimError(f"Another User already has the userName {user_name}.", status=409, scim_type="uniqueness")
    # A deleted User's name is released: its person stays deactivated in the roster.
    taken.update(user_name=f"deleted-{timezone.now().timestamp()}-{user_name}"[:254])


def _person_to_take_over(organisation: Organisation, user_name: str, email: str) -> Person | None:
    """Return the person a new User is: one deleted over SCIM with that userName, else the roster person with
    that email whom no live User holds, else None."""
    deleted = ScimUser.objects.filter(organisation=organisation, user_name__iexact=user_name, deleted_at__isnull=False)
    record = deleted.select_related("person").first()
    if record is not None:
        return record.person
    without_user = Q(scim_user__isnull=True) | Q(scim_user__deleted_at__isnull=False)
    return people_in(organisation=organisation).filter(without_user, email__iexact=email).first()


@transaction.atomic
def scim_user_create(*, organisation: Organisation, resource: Any) -> ScimUser:
    """Create a User: a new roster person, or the roster person it already is (same email, or deleted before).

    A User created again after being deleted reactivates its person.
    """
    user_name, external_id, attributes, active = _clean_user(resource)
    existing = _person_to_take_over(organisation, user_name, _email_of(attributes, user_name))
    record = ScimUser.objects.filter(organisation=organisation, person=existing).first() if existing else None
    _user_name_free(organisation, user_name, scim_user=record)
    values = _person_values(organisation, user_name, external_id, attributes, person=existing)
    if active is not None and not isinstance(active, bool):
        raise ScimError("active is true or false.", scim_type="invalidValue")
    values["is_active"] = True if active is None else active
    try:
        if existing is not None:
            person = person_services.person_update(person=existing, **values)
        else:
            person = person_services.person_create(organisation=organisation, **values)
    except InvalidInputError as error:
        raise _problem_from(error) from error
    record = record or ScimUser(organisation=organisation, person=person)
    record.user_name = user_name
    record.external_id = external_id
    record.attributes = attributes
    record.deleted_at = None
    record.save()
    return record


@transaction.atomic
def scim_user_replace(*, organisation: Organisation, person: Person, resource: Any) -> ScimUser:
    """Replace a User's attributes (PUT), writing the roster fields they map to through the people services."""
    scim_user = ScimUser.objects.filter(organisation=organisation, person=person).first()
    user_name, external_id, attributes, active = _clean_user(resource)
    _user_name_free(organisation, user_name, scim_user=scim_user)
    values = _person_values(organisation, user_name, external_id, attributes, person=person)
    if active is not None:
        if not isinstance(active, bool):
            raise ScimError("active is true or false.", scim_type="invalidValue")
        values["is_active"] = active
    try:
        person = person_services.person_update(person=person, **values)
    except InvalidInputError as error:
        raise _problem_from(error) from error
    if scim_user is None:
        scim_user = ScimUser(organisation=organisation, person=person)
    scim_user.user_name = user_name
    scim_user.external_id = external_id
    scim_user.attributes = attributes
    scim_user.deleted_at = None
    scim_user.save()
    return scim_user


@transaction.atomic
def scim_user_patch(*, organisation: Organisation, person: Person, body: Any, base: str) -> ScimUser:
    """Apply a PATCH to a User: to its representation, then written as a replacement."""
    scim_user = ScimUser.objects.filter(organisation=organisation, person=person).first()
    current = user_resource(person, scim_user, base=base)
    patched = patch_apply(
        current,
        body,
        multi_valued=lambda name: name.lower() in USER_MULTI_VALUED,
        read_only=READ_ONLY,
    )
    if "active" in patched:
        patched["active"] = boolean(patched["active"])
    return scim_user_replace(organisation=organisation, person=person, resource=patched)


@transaction.atomic
def scim_user_delete(*, organisation: Organisation, person: Person) -> None:
    """Delete a User: the person is deactivated in the roster (never deleted) and the User is gone from SCIM."""
    scim_user = ScimUser.objects.filter(organisation=organisation, person=person).first()
    if scim_user is None:
        scim_user = ScimUser(
            organisation=organisation,
            person=person,
            user_name=person.email,
            attributes=user_attributes_of_roster(person),
        )
    try:
        if person.is_active:
            person_services.person_update(person=person, is_active=False)
    except InvalidInputError as error:
        raise ScimError(error.message, status=409, scim_type="mutability") from error
    scim_user.deleted_at = timezone.now()
    scim_user.save()


# --- Groups (units) ---------------------------------------------------------------------------


def _clean_group(resource: Any) -> tuple[str, str, list[int] | None]:
    if not isinstance(resource, dict):
        raise ScimError("Send a Group as a JSON object.", scim_type="invalidSyntax")
    name = _text(_key_of(resource, "displayName"))
    if not name:
        raise ScimError("Give the Group a displayName.", scim_type="invalidValue")
    if UNIT_PATH_SEPARATOR.strip() in name:
        raise ScimError(f"A Group name cannot hold “{UNIT_PATH_SEPARATOR.strip()}”.", scim_type="invalidValue")
    members = _key_of(resource, "members")
    ids: list[int] | None = None
    if isinstance(members, list):
        ids = []
        for member in members:
            value = str(member.get("value") if isinstance(member, dict) else member).strip()
            if not value.isdigit():
                raise ScimError(f"There is no User {value} to be a member.", scim_type="invalidValue")
            ids.append(int(value))
    return name, _text(_key_of(resource, "externalId")), ids


def _members_set(organisation: Organisation, unit: Unit, member_ids: list[int]) -> None:
    wanted = set(member_ids)
    found = set(people_in(organisation=organisation).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        missing = ", ".join(str(pk) for pk in sorted(wanted - found))
        raise ScimError(f"There is no User {missing} to be a member.", scim_type="invalidValue")
    try:
        for person in people_in(organisation=organisation).filter(unit=unit).exclude(pk__in=wanted):
            person_services.person_update(person=person, unit_id=None)
        for person in people_in(organisation=organisation).filter(pk__in=wanted).exclude(unit=unit):
            person_services.person_update(person=person, unit_id=unit.pk)
    except InvalidInputError as error:
        raise _problem_from(error) from error


@transaction.atomic
def scim_group_create(*, organisation: Organisation, resource: Any) -> ScimGroup:
    """Create a Group: a unit at the top of the tree (an existing one of that name is taken over)."""
    name, external_id, member_ids = _clean_group(resource)
    unit = units_in(organisation=organisation).filter(depth=0, path=name).first()
    if unit is not None and ScimGroup.objects.filter(organisation=organisation, unit=unit).exists():
        raise ScimError(f"There is already a Group “{name}”.", status=409, scim_type="uniqueness")
    if unit is None:
        unit_id = _unit_for(organisation, name)
        unit = units_in(organisation=organisation).get(pk=unit_id)
    group = ScimGroup.objects.create(organisation=organisation, unit=unit, external_id=external_id)
    if member_ids is not None:
        _members_set(organisation, unit, member_ids)
    return group


@transaction.atomic
def scim_group_replace(*, organisation: Organisation, group: ScimGroup, resource: Any) -> ScimGroup:
    """Replace a Group (PUT): rename the unit and make its people exactly the members given."""
    name, external_id, member_ids = _clean_group(resource)
    try:
        people_services.unit_rename(unit=group.unit, name=name)
    except InvalidInputError as error:
        raise _problem_from(error) from error
    except ConflictError as error:
        raise ScimError(error.message, status=409, scim_type="uniqueness") from error
    _members_set(organisation, group.unit, member_ids or [])
    group.external_id = external_id
    group.save()
    return group


@transaction.atomic
def scim_group_patch(*, organisation: Organisation, group: ScimGroup, body: Any, base: str) -> ScimGroup:
    """Apply a PATCH to a Group (add or remove members, rename)."""
    members = list(
        people_in(organisation=organisation).filter(unit=group.unit).order_by("pk").values_list("pk", "name")
    )
    current = copy.deepcopy(group_resource(group, group.unit, members, base=base))
    patched = patch_apply(
        current,
        body,
        multi_valued=lambda name: name.lower() in GROUP_MULTI_VALUED,
        read_only=READ_ONLY,
    )
    patched.setdefault("members", [])
    return scim_group_replace(organisation=organisation, group=group, resource=patched)


@transaction.atomic
def scim_group_delete(*, group: ScimGroup) -> None:
    """Delete a Group: SCIM lets go of the unit; the unit and its people stay in the roster."""
    group.delete()


__all__ = [
    "GROUP_SCHEMA",
    "USER_SCHEMA",
    "scim_group_create",
    "scim_group_delete",
    "scim_group_patch",
    "scim_group_replace",
    "scim_user_create",
    "scim_user_delete",
    "scim_user_patch",
    "scim_user_replace",
]
