"""What readiness holds about a person: the assessments they were asked to answer, and their answers."""

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
from socialu.readiness.models import Answer, AnswerHistory, Respondent


def readiness_rows(person: Any) -> list[Row]:
    """Return each assessment the person was asked to answer and, unless it was anonymous, their answers.

    An anonymous assessment promised that nobody could tie an answer to a
    person; the export keeps that promise too and lists only the invitation.
    """
    rows: list[Row] = []
    respondents = Respondent.objects.filter(organisation_id=person.organisation_id, person_id=person.pk)
    for respondent in respondents.select_related("assessment").order_by("pk"):
        assessment = respondent.assessment
        rows.append(
            {
                "record": "assessment",
                "assessment": assessment.title,
                "anonymous": assessment.anonymous,
                **rows_of([{"invited_at": respondent.invited_at, "submitted_at": respondent.submitted_at}])[0],
            }
        )
        if assessment.anonymous:
            continue
        rows.extend(
            {"record": "answer", "assessment": assessment.title, **row}
            for row in rows_of(
                Answer.objects.filter(respondent=respondent)
                .order_by("question")
                .values("question", "value", "note", "saved_at")
            )
        )
    return rows


def readiness_erase(person: Any) -> ErasureOutcome:
    """Clear the notes the person wrote with their answers; keep the 1–5 values the scores are counted from."""
    respondents = Respondent.objects.filter(organisation_id=person.organisation_id, person_id=person.pk)
    rows = Answer.objects.filter(respondent__in=respondents).exclude(note="").update(note="")
    rows += AnswerHistory.objects.filter(respondent__in=respondents).exclude(note="").update(note="")
    return ErasureOutcome(rows=rows)


def privacy_register() -> None:
    """Add readiness answers to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="readiness",
            title="Readiness assessments",
            description="The readiness assessments you were asked to answer and, unless they were anonymous, "
            "your answers.",
            collect=readiness_rows,
            order=70,
        )
    )
    person_eraser_register(PersonEraser(key="readiness.answers", erase=readiness_erase, order=300))
