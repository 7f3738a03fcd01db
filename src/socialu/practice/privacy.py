"""What the practice sandbox holds about a person: drafts, reviews received and given; erasure clears the text."""

from __future__ import annotations

from typing import Any

from socialu.core.privacy import (
    ERASED_NAME,
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)
from socialu.practice.models import Attempt, Review


def practice_rows(person: Any) -> list[Row]:
    """Return the person's practice drafts, the reviews of them, and the reviews they wrote."""
    scope = {"organisation_id": person.organisation_id}
    rows: list[Row] = [
        {"record": "practice attempt", **row}
        for row in rows_of(
            Attempt.objects.filter(person_id=person.pk, **scope)
            .order_by("created_at", "pk")
            .values(
                "pk",
                "scenario__title",
                "scenario__platform",
                "text",
                "status",
                "verdict",
                "mean_score",
                "passed",
                "created_at",
                "submitted_at",
                "reviewed_at",
            )
        )
    ]
    review_fields = (
        "attempt_id",
        "reviewer_name",
        "clarity",
        "tone",
        "policy_compliance",
        "helpfulness",
        "platform_fit",
        "overall_comment",
        "mean_score",
        "passed",
        "created_at",
    )
    rows.extend(
        {"record": "review of your attempt", **row}
        for row in rows_of(
            Review.objects.filter(attempt__person_id=person.pk, **scope)
            .order_by("created_at", "pk")
            .values(*review_fields)
        )
    )
    if person.user_id:
        rows.extend(
            {"record": "review you wrote", **row}
            for row in rows_of(
                Review.objects.filter(reviewer_id=person.user_id, **scope)
                .order_by("created_at", "pk")
                .values(*review_fields)
            )
        )
    return rows


def practice_erase(person: Any) -> ErasureOutcome:
    """Clear the person's drafts and the comments on them; keep every score. Reviews they wrote lose their name."""
    scope = {"organisation_id": person.organisation_id}
    attempts = Attempt.objects.filter(person_id=person.pk, **scope)
    identifiers = tuple(("practice.attempt", str(pk)) for pk in attempts.values_list("pk", flat=True))
    rows = attempts.update(text="", findings=[])
    rows += Review.objects.filter(attempt__person_id=person.pk, **scope).update(overall_comment="", comments={})
    if person.user_id:
        rows += Review.objects.filter(reviewer_id=person.user_id, **scope).update(
            reviewer=None, reviewer_name=ERASED_NAME
        )
    return ErasureOutcome(rows=rows, objects=identifiers)


def privacy_register() -> None:
    """Add practice records to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="practice",
            title="Your practice",
            description="Your practice drafts with their scores, the reviews of them, and the reviews you wrote.",
            collect=practice_rows,
            order=50,
        )
    )
    person_eraser_register(PersonEraser(key="practice.attempts", erase=practice_erase, order=300))
