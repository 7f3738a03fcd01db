"""Reads for SCIM: Users (roster people) and Groups (units) of an organisation, filtered and paged."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from socialu.accounts.selectors import organisation_token_list
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.scim.models import ScimGroup, ScimUser
from socialu.scim.protocol import Comparison, ScimError

# Each filterable User attribute (lowercase, without its schema) and the lookups it compares.
_USER_LOOKUPS: dict[str, tuple[str, ...]] = {
    "id": ("pk",),
    "externalid": ("scim_user__external_id",),
    "emails": ("email",),
    "emails.value": ("email",),
    "displayname": ("name",),
    "title": ("job_title",),
    "employeenumber": ("employee_id",),
    "active": ("is_active",),
}
_GROUP_LOOKUPS: dict[str, tuple[str, ...]] = {
    "id": ("pk",),
    "externalid": ("external_id",),
    "displayname": ("unit__name",),
}


def _condition(lookup: str, comparison: Comparison) -> Q:
    value = comparison.value
    if lookup in {"pk", "is_active"}:
        if lookup == "pk" and not str(value).isdigit():
            return Q(pk__in=[])
        if comparison.operator != "eq":
            raise ScimError(f"Only eq compares “{comparison.attribute}”.", scim_type="invalidFilter")
        return Q(**{lookup: int(value) if lookup == "pk" else value in {True, "true", "True"}})
    suffix = "istartswith" if comparison.operator == "sw" else "iexact"
    return Q(**{f"{lookup}__{suffix}": str(value)})


def _user_condition(comparison: Comparison) -> Q:
    if comparison.attribute == "username":
        # A person SCIM never wrote is known by their email.
        return _condition("scim_user__user_name", comparison) | (
            Q(scim_user__isnull=True) & _condition("email", comparison)
        )
    lookups = _USER_LOOKUPS.get(comparison.attribute)
    if lookups is None:
        names = ", ".join(["userName", "externalId", "emails.value", "displayName", "employeeNumber", "active", "id"])
        raise ScimError(
            f"Users cannot be filtered by “{comparison.attribute}”: use {names}.", scim_type="invalidFilter"
        )
    return _condition(lookups[0], comparison)


def scim_users(*, organisation: Organisation, comparisons: list[Comparison]) -> QuerySet[Person]:
    """Return the organisation's people as Users (those deleted over SCIM left out), matching every comparison."""
    people = people_in(organisation=organisation).exclude(scim_user__deleted_at__isnull=False)
    for comparison in comparisons:
        people = people.filter(_user_condition(comparison))
    return people.select_related("scim_user").order_by("pk")


def scim_user_get(*, organisation: Organisation, person_id: str) -> Person | None:
    """Return the User *person_id* of the organisation, or None (another organisation's or a deleted one)."""
    if not person_id.isdigit():
        return None
    return scim_users(organisation=organisation, comparisons=[]).filter(pk=int(person_id)).first()


def scim_user_record(*, person: Person) -> ScimUser | None:
    """Return what SCIM keeps about *person*, or None when SCIM never wrote them."""
    return ScimUser.objects.filter(organisation_id=person.organisation_id, person=person).first()


def scim_groups(*, organisation: Organisation, comparisons: list[Comparison]) -> QuerySet[ScimGroup]:
    """Return the organisation's Groups matching every comparison."""
    groups = ScimGroup.objects.filter(organisation=organisation)
    for comparison in comparisons:
        lookups = _GROUP_LOOKUPS.get(comparison.attribute)
        if lookups is None:
            raise ScimError(
                f"Groups cannot be filtered by “{comparison.attribute}”: use displayName, externalId or id.",
                scim_type="invalidFilter",
            )
        groups = groups.filter(_condition(lookups[0], comparison))
    return groups.select_related("unit").order_by("pk")


def scim_group_get(*, organisation: Organisation, group_id: str) -> ScimGroup | None:
    """Return the Group *group_id* of the organisation, or None."""
    if not group_id.isdigit():
        return None
    return scim_groups(organisation=organisation, comparisons=[]).filter(pk=int(group_id)).first()


def group_members(*, group: ScimGroup) -> list[tuple[int, str]]:
    """Return the id and name of each person in the Group's unit."""
    return list(
        people_in(organisation=group.organisation)
        .filter(unit_id=group.unit_id)
        .order_by("pk")
        .values_list("pk", "name")
    )


def scim_summary(*, organisation: Organisation) -> dict[str, int]:
    """Return how many Users and Groups SCIM keeps in the organisation, and its live tokens with the scim scope."""
    records = ScimUser.objects.filter(organisation=organisation)
    tokens = scim_tokens(organisation=organisation)
    return {
        "users": records.filter(deleted_at__isnull=True).count(),
        "users_deleted": records.filter(deleted_at__isnull=False).count(),
        "groups": ScimGroup.objects.filter(organisation=organisation).count(),
        "tokens": len(tokens),
    }


def scim_tokens(*, organisation: Organisation) -> list[Any]:
    """Return the organisation's live API tokens that carry the scim scope."""
    return [token for token in organisation_token_list(organisation=organisation) if "scim" in token.scopes]


def scim_recent_users(*, organisation: Organisation, limit: int = 20) -> QuerySet[ScimUser]:
    """Return the Users SCIM changed most recently, with their people."""
    return ScimUser.objects.filter(organisation=organisation).select_related("person").order_by("-updated_at")[:limit]
