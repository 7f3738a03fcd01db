"""What the people app holds about a person (their roster record) and how it is anonymised."""

from __future__ import annotations

from typing import Any

from socialu.core.privacy import (
    ERASED_NAME,
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    erased_email,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)
from socialu.people.models import Person


def person_record(person: Any) -> list[Row]:
    """Return the person's roster record, with their unit's path and their manager's name."""
    return rows_of(
        Person.objects.filter(pk=person.pk).values(
            "employee_id",
            "name",
            "email",
            "audience",
            "job_title",
            "location",
            "manager_employee_id",
            "manager__name",
            "unit__path",
            "generation_band",
            "is_external",
            "is_active",
            "created_at",
            "updated_at",
            "deactivated_at",
        )
    )


def person_record_erase(person: Any) -> ErasureOutcome:
    """Replace everything that identifies the person on their roster record; keep the row for the figures."""
    rows = Person.objects.filter(pk=person.pk).update(
        name=ERASED_NAME,
        email=erased_email(person.pk),
        employee_id=f"erased-{person.pk}",
        job_title="",
        location="",
        manager_employee_id="",
        generation_band="",
        roster_fingerprint=0,
        user=None,
    )
    return ErasureOutcome(rows=rows, objects=(("people.person", str(person.pk)),))


def privacy_register() -> None:
    """Add the roster record to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="person",
            title="Your record in the roster",
            description="What your organisation's HR export or its admins recorded about you.",
            collect=person_record,
            order=10,
        )
    )
    # Last: the other erasers still find the account and the email through this record.
    person_eraser_register(PersonEraser(key="people.person", erase=person_record_erase, order=900))
