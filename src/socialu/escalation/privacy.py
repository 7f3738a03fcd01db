"""What the escalation app holds about a person: the decisions they logged or that concern them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from socialu.core.privacy import (
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)
from socialu.escalation.models import DecisionLogEntry


def _entries(person: Any) -> Any:
    mine = Q(person_id=person.pk)
    if person.user_id:
        mine |= Q(walked_by_id=person.user_id)
    return DecisionLogEntry.objects.filter(mine, organisation_id=person.organisation_id)


def decision_rows(person: Any) -> list[Row]:
    """Return the decision-log entries the person made or that name them."""
    return rows_of(
        _entries(person)
        .order_by("created_at", "pk")
        .values("created_at", "walked_by_email", "post_url", "post_text", "outcome_title", "outcome_action", "note")
    )


def decisions_erase(person: Any) -> ErasureOutcome:
    """Take the person's name and address off the decisions they logged; the decisions stay for the record."""
    rows = 0
    if person.user_id:
        rows = DecisionLogEntry.objects.filter(
            organisation_id=person.organisation_id, walked_by_id=person.user_id
        ).update(walked_by=None, walked_by_email="")
    return ErasureOutcome(rows=rows)


def privacy_register() -> None:
    """Add decision-log entries to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="decisions",
            title="Decisions about posts",
            description="The “should we respond?” decisions you logged, or that name you.",
            collect=decision_rows,
            order=80,
        )
    )
    person_eraser_register(PersonEraser(key="escalation.decisions", erase=decisions_erase, order=300))
