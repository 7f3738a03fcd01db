"""What skills and the champions network hold about a person; erasure removes their claims and preferences.

Evidence earned elsewhere (courses, practice, certificates) is exported and
erased by the apps that hold it; this app keeps only self-ratings,
endorsements given and received, listing preferences, nominations and terms.
"""

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
from socialu.skills.models import ChampionTerm, Endorsement, Nomination, SelfRating, SkillProfile


def skills_rows(person: Any) -> list[Row]:
    """Return the person's listing preferences, ratings, endorsements, nominations and champion terms."""
    scope = {"organisation_id": person.organisation_id}
    rows: list[Row] = []
    sources: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
        (
            "skills preferences",
            SkillProfile.objects.filter(person_id=person.pk, **scope),
            ("listed", "languages", "time_zone", "updated_at"),
        ),
        ("self-rating", SelfRating.objects.filter(person_id=person.pk, **scope), ("skill__name", "level", "rated_at")),
        (
            "endorsement received",
            Endorsement.objects.filter(person_id=person.pk, **scope),
            ("skill__name", "relation", "created_at"),
        ),
        (
            "endorsement given",
            Endorsement.objects.filter(endorser_id=person.pk, **scope),
            ("skill__name", "person__name", "relation", "created_at"),
        ),
        (
            "champion nomination",
            Nomination.objects.filter(person_id=person.pk, **scope),
            ("role", "nominator_kind", "nominated_by_name", "reason", "status", "created_at", "decided_at"),
        ),
        (
            "champion term",
            ChampionTerm.objects.filter(person_id=person.pk, **scope),
            ("role", "starts_on", "ends_on", "renewals", "ended_on"),
        ),
    )
    for record, queryset, fields in sources:
        rows.extend({"record": record, **row} for row in rows_of(queryset.order_by("pk").values(*fields)))
    return rows


def skills_erase(person: Any) -> ErasureOutcome:
    """Delete the person's claims and preferences; keep nominations and terms with the reason removed."""
    scope = {"organisation_id": person.organisation_id}
    rows = SkillProfile.objects.filter(person_id=person.pk, **scope).delete()[0]
    rows += SelfRating.objects.filter(person_id=person.pk, **scope).delete()[0]
    rows += Endorsement.objects.filter(person_id=person.pk, **scope).delete()[0]
    rows += Endorsement.objects.filter(endorser_id=person.pk, **scope).delete()[0]
    nominations = Nomination.objects.filter(person_id=person.pk, **scope)
    identifiers = tuple(("skills.nomination", str(pk)) for pk in nominations.values_list("pk", flat=True))
    rows += nominations.update(reason="", decision_note="")
    rows += (
        Nomination.objects.filter(nominated_by_id=person.user_id, **scope).update(
            nominated_by=None, nominated_by_name=ERASED_NAME
        )
        if person.user_id
        else 0
    )
    return ErasureOutcome(rows=rows, objects=identifiers)


def privacy_register() -> None:
    """Add skills and champions records to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="skills",
            title="Your skills and the champions network",
            description="How you are found, your self-ratings, endorsements given and received, nominations and terms.",
            collect=skills_rows,
            order=60,
        )
    )
    person_eraser_register(PersonEraser(key="skills.claims", erase=skills_erase, order=300))
