"""What sessions hold about a person: registrations, feedback, external conferences, calendar settings.

Erasure clears what the person wrote (feedback comments, conference links and takeaways, reasons given
about them) and switches their calendar feed off; the counts (seats, ratings, attendance, costs) stay.
"""

from __future__ import annotations

from typing import Any

from socialu.core.privacy import (
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)
from socialu.sessions.models import CalendarProfile, ExternalConference, Feedback, Registration, RegistrationEvent


def sessions_rows(person: Any) -> list[Row]:
    """Return the person's registrations, feedback, external conferences and calendar settings."""
    scope = {"organisation_id": person.organisation_id, "person_id": person.pk}
    rows: list[Row] = [
        {"record": "registration", **row}
        for row in rows_of(
            Registration.objects.filter(**scope)
            .order_by("created_at", "pk")
            .values(
                "pk",
                "session__title",
                "session__starts_at",
                "status",
                "waitlist_position",
                "decision_reason",
                "attendance",
                "checked_in_at",
                "created_at",
            )
        )
    ]
    rows.extend(
        {"record": "feedback", **row}
        for row in rows_of(
            Feedback.objects.filter(**scope).order_by("created_at").values("session__title", "rating", "comments")
        )
    )
    rows.extend(
        {"record": "external conference", **row}
        for row in rows_of(
            ExternalConference.objects.filter(**scope).values("name", "held_on", "cost", "link", "takeaways")
        )
    )
    rows.extend(
        {"record": "calendar", "time_zone": profile.time_zone, "feed_in_use": bool(profile.token_hash)}
        for profile in CalendarProfile.objects.filter(**scope)
    )
    return rows


def sessions_erase(person: Any) -> ErasureOutcome:
    """Clear what the person wrote and switch their feed off; keep seats, ratings, attendance and costs."""
    scope = {"organisation_id": person.organisation_id, "person_id": person.pk}
    changed = Feedback.objects.filter(**scope).exclude(comments="").update(comments="")
    changed += ExternalConference.objects.filter(**scope).update(link="", takeaways="")
    changed += Registration.objects.filter(**scope).exclude(decision_reason="").update(decision_reason="")
    changed += (
        RegistrationEvent.objects.filter(organisation_id=person.organisation_id, registration__person_id=person.pk)
        .exclude(detail="")
        .update(detail="")
    )
    changed += CalendarProfile.objects.filter(**scope).update(token_hash="", time_zone="")
    return ErasureOutcome(rows=changed)


def privacy_register() -> None:
    """Add sessions to people's data export and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="sessions",
            title="Sessions",
            description="Your session registrations and attendance, feedback, external conferences and calendar "
            "settings.",
            collect=sessions_rows,
            order=60,
        )
    )
    person_eraser_register(PersonEraser(key="sessions", erase=sessions_erase, order=60))
