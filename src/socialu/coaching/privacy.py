"""What coaching holds about a person, for their export; erasure clears the session log and supporters' names."""

from __future__ import annotations

from typing import Any

from socialu.coaching.models import AgreedAction, Booking, Engagement, Supporter
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


def coaching_rows(person: Any) -> list[Row]:
    """Return the person's engagements, their own sessions' log and actions, and where they are a supporter."""
    scope = {"organisation_id": person.organisation_id}
    rows: list[Row] = []
    for role, field in (("executive", "executive_id"), ("coach", "coach_id"), ("assistant", "assistant_id")):
        rows.extend(
            {"record": f"coaching engagement ({role})", **row}
            for row in rows_of(
                Engagement.objects.filter(**{field: person.pk}, **scope)
                .order_by("starts_on", "pk")
                .values(
                    "pk", "coach__name", "executive__name", "goals", "behaviours", "starts_on", "target_on", "status"
                )
            )
        )
    rows.extend(
        {"record": "coaching session", **row}
        for row in rows_of(
            Booking.objects.filter(engagement__executive_id=person.pk, **scope)
            .order_by("slot__starts_at", "pk")
            .values("engagement_id", "slot__starts_at", "status", "agenda", "practised", "notes")
        )
    )
    rows.extend(
        {"record": "agreed action", **row}
        for row in rows_of(
            AgreedAction.objects.filter(booking__engagement__executive_id=person.pk, **scope)
            .order_by("due_on", "pk")
            .values("booking_id", "text", "due_on", "target", "target_ref", "done")
        )
    )
    rows.extend(
        {"record": "progress pulse supporter", **row}
        for row in rows_of(
            Supporter.objects.filter(email__iexact=person.email, **scope).values("engagement_id", "name", "email")
        )
    )
    return rows


def coaching_erase(person: Any) -> ErasureOutcome:
    """Clear what was said in the person's sessions and their name as a supporter; keep that sessions happened."""
    scope = {"organisation_id": person.organisation_id}
    bookings = Booking.objects.filter(engagement__executive_id=person.pk, **scope)
    identifiers = tuple(("coaching.booking", str(pk)) for pk in bookings.values_list("pk", flat=True))
    rows = bookings.update(agenda="", practised="", notes="")
    rows += AgreedAction.objects.filter(booking__engagement__executive_id=person.pk, **scope).update(
        text="(erased)", target_ref=""
    )
    rows += Engagement.objects.filter(executive_id=person.pk, **scope).update(goals=[])
    rows += Supporter.objects.filter(email__iexact=person.email, **scope).update(
        name=ERASED_NAME, email=erased_email(person.pk)
    )
    return ErasureOutcome(rows=rows, objects=identifiers)


def privacy_register() -> None:
    """Add coaching records to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="coaching",
            title="Your coaching",
            description="Your coaching engagements, your own sessions' log and agreed actions, and pulses you support.",
            collect=coaching_rows,
            order=60,
        )
    )
    person_eraser_register(PersonEraser(key="coaching.sessions", erase=coaching_erase, order=300))
