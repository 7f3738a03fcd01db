"""What mentoring holds about a person: profiles, pairings, check-ins and survey answers; erasure clears the text."""

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
from socialu.mentoring.models import CheckIn, MenteeProfile, MentorProfile, Pairing, SurveyResponse


def mentoring_rows(person: Any) -> list[Row]:
    """Return the person's mentoring profiles, pairings, the check-ins they recorded and their survey answers."""
    scope = {"organisation_id": person.organisation_id}
    mine = Q(mentee_id=person.pk) | Q(mentor_id=person.pk)
    sources: list[tuple[str, Any]] = [
        (
            "mentor profile",
            MentorProfile.objects.filter(person_id=person.pk, **scope).values(
                "programme__name", "strengths", "capacity", "languages", "opted_out", "created_at"
            ),
        ),
        (
            "mentee profile",
            MenteeProfile.objects.filter(person_id=person.pk, **scope).values(
                "programme__name", "needs", "goals", "languages", "location", "division_preference", "created_at"
            ),
        ),
        (
            "pairing",
            Pairing.objects.filter(mine, **scope)
            .order_by("proposed_at", "pk")
            .values(
                "pk",
                "programme__name",
                "mentee__name",
                "mentor__name",
                "status",
                "explanation",
                "goals",
                "started_at",
                "closed_at",
                "closure_reason",
            ),
        ),
        (
            "check-in",
            CheckIn.objects.filter(recorded_by_id=person.pk, **scope)
            .order_by("created_at", "pk")
            .values("pairing_id", "met", "met_on", "worked_on", "next_step", "created_at"),
        ),
        (
            "survey answer",
            SurveyResponse.objects.filter(respondent_id=person.pk, **scope)
            .order_by("created_at", "pk")
            .values("pairing_id", "stage", "satisfaction", "comment", "created_at"),
        ),
    ]
    rows: list[Row] = []
    for record, values in sources:
        rows.extend({"record": record, **row} for row in rows_of(values))
    return rows


def mentoring_erase(person: Any) -> ErasureOutcome:
    """Clear what the person wrote (goals, needs, check-in notes, survey comments); keep dates and statuses."""
    scope = {"organisation_id": person.organisation_id}
    rows = MenteeProfile.objects.filter(person_id=person.pk, **scope).update(goals="", needs={}, location="")
    rows += MentorProfile.objects.filter(person_id=person.pk, **scope).update(strengths={}, exclusions=[])
    pairings = Pairing.objects.filter(Q(mentee_id=person.pk) | Q(mentor_id=person.pk), **scope)
    identifiers = tuple(("mentoring.pairing", str(pk)) for pk in pairings.values_list("pk", flat=True))
    rows += pairings.update(goals="", explanation="", closure_reason="")
    rows += CheckIn.objects.filter(recorded_by_id=person.pk, **scope).update(worked_on="", next_step="")
    rows += SurveyResponse.objects.filter(respondent_id=person.pk, **scope).update(comment="")
    return ErasureOutcome(rows=rows, objects=identifiers)


def privacy_register() -> None:
    """Add mentoring records to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="mentoring",
            title="Your mentoring",
            description="Your mentoring profiles, pairings, the check-ins you recorded and your survey answers.",
            collect=mentoring_rows,
            order=60,
        )
    )
    person_eraser_register(PersonEraser(key="mentoring.records", erase=mentoring_erase, order=310))
