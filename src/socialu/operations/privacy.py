"""Operations' part of a person's export: the changes they made that the audit log recorded, and erasures."""

from __future__ import annotations

from typing import Any

from socialu.core.models import AuditEntry
from socialu.core.privacy import PersonDataSection, Row, person_data_section_register, rows_of


def audit_rows(person: Any) -> list[Row]:
    """Return the audit-log entries of changes the person made in this organisation."""
    if not person.user_id:
        return []
    return rows_of(
        AuditEntry.objects.filter(organisation_id=person.organisation_id, actor_id=person.user_id)
        .order_by("at", "pk")
        .values("at", "via", "action", "object_type_label", "object_label", "changes")
    )


def privacy_register() -> None:
    """Add the audit log's entries about the person's own changes to exports."""
    person_data_section_register(
        PersonDataSection(
            key="changes",
            title="Changes you made",
            description="What the audit log recorded of the changes you made as an admin or facilitator.",
            collect=audit_rows,
            order=90,
        )
    )
