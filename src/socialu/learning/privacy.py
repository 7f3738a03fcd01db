"""What the learning app holds about a person: enrolments, finished lessons and quiz attempts (kept on erasure)."""

from __future__ import annotations

from typing import Any

from socialu.core.privacy import PersonDataSection, Row, person_data_section_register, rows_of
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt


def learning_rows(person: Any) -> list[Row]:
    """Return every enrolment, finished lesson and quiz attempt of the person."""
    scope = {"organisation_id": person.organisation_id, "person_id": person.pk}
    rows: list[Row] = [
        {"record": "enrolment", **row}
        for row in rows_of(
            Enrolment.objects.filter(**scope)
            .order_by("enrolled_at", "pk")
            .values("course_slug", "required", "source", "due_on", "enrolled_at", "completed_at", "last_reminded_at")
        )
    ]
    rows.extend(
        {"record": "lesson finished", **row}
        for row in rows_of(
            LessonCompletion.objects.filter(**scope)
            .order_by("completed_at", "pk")
            .values("lesson__module__course__slug", "lesson__title", "completed_at")
        )
    )
    rows.extend(
        {"record": "quiz attempt", **row}
        for row in rows_of(
            QuizAttempt.objects.filter(**scope)
            .order_by("started_at", "pk")
            .values("quiz__course__slug", "course_version", "started_at", "submitted_at", "score_percent", "passed")
        )
    )
    return rows


def privacy_register() -> None:
    """Add learning records to exports. Erasure keeps them: they hold nothing that names the person."""
    person_data_section_register(
        PersonDataSection(
            key="learning",
            title="Your learning",
            description="The courses you are enrolled in, the lessons you finished and your quiz attempts.",
            collect=learning_rows,
            order=30,
        )
    )
