"""Finding the people that privacy requests and retention are about."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from socialu.core.models import Organisation
from socialu.core.privacy import ERASED_NAME
from socialu.people.models import Person


def person_find(*, organisation: Organisation, identifier: str) -> Person | None:
    """Return the person whose employee id or email address is *identifier* (case-insensitive email)."""
    text = identifier.strip()
    if not text:
        return None
    return (
        Person.objects.filter(organisation=organisation)
        .filter(Q(employee_id=text) | Q(email__iexact=text))
        .order_by("pk")
        .first()
    )


def people_inactive_before(*, organisation: Organisation, before: datetime) -> QuerySet[Person]:
    """Return the people who became inactive before *before* and are not erased yet."""
    return (
        Person.objects.filter(organisation=organisation, is_active=False, deactivated_at__lt=before)
        .exclude(name=ERASED_NAME, email__endswith="@erased.invalid")
        .order_by("pk")
    )


def person_is_erased(person: Person) -> bool:
    """Return whether *person* has been erased."""
    return person.name == ERASED_NAME and person.email.endswith("@erased.invalid")
