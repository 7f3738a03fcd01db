"""Writes about one person at a time: create, update, link to a login account.

Roster import writes people in bulk (``socialu.people.roster``); these services
serve the API and anything else that changes a single person. They validate
everything they are given and raise :class:`PersonError` with a message per
field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.core.text import clean_text
from socialu.people.models import GenerationBand, Person, Unit
from socialu.people.signals import people_changed_announce, people_deactivated_announce

# Fields a caller may set; anything else is refused rather than silently ignored.
EDITABLE_FIELDS = frozenset(
    {
        "employee_id",
        "name",
        "email",
        "unit_id",
        "audience",
        "job_title",
        "location",
        "manager_id",
        "generation_band",
        "is_external",
        "is_active",
    }
)
_REQUIRED_TEXT = ("employee_id", "name", "email")


class PersonError(InvalidInputError):
    """A person could not be saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        summary = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
        super().__init__(f"The person could not be saved. {summary}", errors=errors)


def _validate(*, organisation: Organisation, person: Person | None, values: dict[str, Any]) -> dict[str, Any]:
    """Return *values* cleaned, or raise PersonError listing every problem."""
    errors: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    unknown = set(values) - EDITABLE_FIELDS
    for field in sorted(unknown):
        problem(field, "This field cannot be set.")
    cleaned: dict[str, Any] = {key: value for key, value in values.items() if key in EDITABLE_FIELDS}

    for field in ("employee_id", "name", "email", "job_title", "location"):
        if field in cleaned:
            # Control characters (NUL, BEL, ESC…) would break exports and terminals: drop them.
            cleaned[field] = clean_text(cleaned[field] or "").strip()
            max_length = getattr(Person._meta.get_field(field), "max_length", None)
            if max_length and len(cleaned[field]) > max_length:
                problem(field, f"Keep this to {max_length} characters or fewer.")
    for field in _REQUIRED_TEXT:
        if field in cleaned and not cleaned[field]:
            problem(field, "This field is required.")

    others = Person.objects.filter(organisation=organisation)
    if person is not None:
        others = others.exclude(pk=person.pk)
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].lower()
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            problem("email", f"“{cleaned['email']}” is not a valid email address.")
        else:
            if others.filter(email__iexact=cleaned["email"]).exists():
                problem("email", f"Someone else in this organisation already has the email {cleaned['email']}.")
    if cleaned.get("employee_id") and others.filter(employee_id=cleaned["employee_id"]).exists():
        problem("employee_id", f"Someone else in this organisation already has employee id {cleaned['employee_id']}.")

    if "audience" in cleaned and cleaned["audience"] not in Audience.values:
        problem("audience", f"Choose one of: {', '.join(Audience.values)}.")
    if cleaned.get("generation_band") and cleaned["generation_band"] not in GenerationBand.values:
        problem("generation_band", f"Choose one of: {', '.join(GenerationBand.values)}, or leave it empty.")
    if "generation_band" in cleaned and cleaned["generation_band"] is None:
        cleaned["generation_band"] = ""
    for flag in ("is_external", "is_active"):
        if flag in cleaned and not isinstance(cleaned[flag], bool):
            problem(flag, "Use true or false.")

    if (
        cleaned.get("unit_id") is not None
        and not Unit.objects.filter(organisation=organisation, pk=cleaned["unit_id"]).exists()
    ):
        problem("unit_id", f"There is no unit {cleaned['unit_id']} in this organisation.")

    manager_id = cleaned.get("manager_id")
    if manager_id is not None:
        manager = Person.objects.filter(organisation=organisation, pk=manager_id).only("pk", "manager_id").first()
        if manager is None:
            problem("manager_id", f"There is no person {manager_id} in this organisation.")
        elif person is not None and _manages_indirectly(person_id=person.pk, manager_id=manager_id):
            problem("manager_id", "This would make a circle of managers: a person cannot report to themselves.")
    if errors:
        raise PersonError(errors)
    return cleaned


def _manages_indirectly(*, person_id: int, manager_id: int) -> bool:
    """Return whether *person_id* appears on the chain of managers starting at *manager_id*."""
    seen: set[int] = set()
    current: int | None = manager_id
    while current is not None and current not in seen:
        if current == person_id:
            return True
        seen.add(current)
        current = Person.objects.filter(pk=current).values_list("manager_id", flat=True).first()
    return False


def people_deactivation_problem(*, organisation: Organisation, person_ids: list[int]) -> str | None:
    """Return why deactivating these people must not happen, or None.

    Deactivation takes a person's roles away, so deactivating every programme
    admin would leave nobody able to run the organisation.
    """
    admins = RoleAssignment.objects.filter(organisation=organisation, role=Role.PROGRAMME_ADMIN)
    leaving = Person.objects.filter(organisation=organisation, pk__in=person_ids, user__isnull=False).values("user_id")
    if admins.filter(user_id__in=leaving).exists() and not admins.exclude(user_id__in=leaving).exists():
        return (
            "This would deactivate the only programme admin of the organisation, and deactivation takes "
            "their roles away. Make someone else a programme admin first."
        )
    return None


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    employee_id: str,
    name: str,
    email: str,
    unit_id: int | None = None,
    audience: str = Audience.OBSERVER,
    job_title: str = "",
    location: str = "",
    manager_id: int | None = None,
    generation_band: str = "",
    is_external: bool = False,
    is_active: bool = True,
) -> Person:
    """Create a person in *organisation* and return them, or raise PersonError."""
    cleaned = _validate(
        organisation=organisation,
        person=None,
        values={
            "employee_id": employee_id,
            "name": name,
            "email": email,
            "unit_id": unit_id,
            "audience": audience,
            "job_title": job_title,
            "location": location,
            "manager_id": manager_id,
            "generation_band": generation_band,
            "is_external": is_external,
            "is_active": is_active,
        },
    )
    manager_employee_id = ""
    if cleaned["manager_id"] is not None:
        manager_employee_id = Person.objects.get(pk=cleaned["manager_id"]).employee_id
    person = Person.objects.create(
        organisation=organisation,
        manager_employee_id=manager_employee_id,
        deactivated_at=None if cleaned["is_active"] else timezone.now(),
        **cleaned,
    )
    people_changed_announce(organisation=organisation, person_ids=[person.pk])
    return person


@transaction.atomic
def person_update(*, person: Person, **changes: Any) -> Person:
    """Apply *changes* to *person* and return them, or raise PersonError.

    Deactivating a person ends their access to the organisation: their roles
    there are taken away, and their sessions and API tokens end unless they
    belong to another organisation (see ``people_deactivated_announce``).
    Reactivating them gives nothing back: invite them again.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    cleaned = _validate(organisation=person.organisation, person=person, values=changes)
    deactivating = cleaned.get("is_active") is False and person.is_active
    if deactivating:
        problem = people_deactivation_problem(organisation=person.organisation, person_ids=[person.pk])
        if problem:
            raise PersonError({"is_active": [problem]})
    if "manager_id" in cleaned:
        manager_id = cleaned["manager_id"]
        person.manager_employee_id = Person.objects.get(pk=manager_id).employee_id if manager_id is not None else ""
    if "is_active" in cleaned and cleaned["is_active"] != person.is_active:
        person.deactivated_at = None if cleaned["is_active"] else timezone.now()
    for field, value in cleaned.items():
        setattr(person, field, value)
    if cleaned:
        # A hand edit makes the next roster import compare this person's values
        # again instead of skipping the row as unchanged.
        person.roster_fingerprint = 0
    person.save()
    if deactivating:
        people_deactivated_announce(organisation=person.organisation, person_ids=[person.pk])
    if {"audience", "is_active"} & set(cleaned):
        people_changed_announce(organisation=person.organisation, person_ids=[person.pk])
    return person


@transaction.atomic
def person_link_user(*, organisation: Organisation, email: str, user_id: int) -> int:
    """Link the person of *organisation* with *email* to login account *user_id*; return how many were linked.

    A person already linked to an account keeps that link.
    """
    return Person.objects.filter(organisation=organisation, email__iexact=email.strip(), user__isnull=True).update(
        user_id=user_id
    )
