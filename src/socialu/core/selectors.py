"""Reads about organisations and membership."""

from __future__ import annotations

from socialu.core.models import Organisation, RoleAssignment


def member_organisations(*, user_id: int) -> list[Organisation]:
    """Return the organisations in which the user holds any role, by name."""
    organisation_ids = RoleAssignment.objects.filter(user_id=user_id).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name"))
