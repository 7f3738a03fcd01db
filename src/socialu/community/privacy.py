"""What knowledge sharing holds about a person: their posts, votes, saved items and reports; erasure clears words."""

from __future__ import annotations

from typing import Any

from socialu.community.models import Post, Report, SavedItem, Vote
from socialu.community.services import person_contributions_erase
from socialu.core.privacy import (
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)


def community_rows(person: Any) -> list[Row]:
    """Return the person's posts (drafts and anonymous questions included), votes, saved items and reports."""
    scope = {"organisation_id": person.organisation_id}
    fields = ("pk", "kind", "status", "title", "body", "link", "platform", "anonymous", "why_it_works", "created_at")
    rows: list[Row] = [
        {"record": "post", **row}
        for row in rows_of(Post.objects.filter(author_id=person.pk, **scope).order_by("pk").values(*fields))
    ]
    rows += [
        {"record": "useful vote", **row}
        for row in rows_of(Vote.objects.filter(person_id=person.pk, **scope).values("post_id", "created_at"))
    ]
    rows += [
        {"record": "saved item", **row}
        for row in rows_of(SavedItem.objects.filter(person_id=person.pk, **scope).values("post_id", "created_at"))
    ]
    rows += [
        {"record": "report", **row}
        for row in rows_of(
            Report.objects.filter(reporter_id=person.pk, **scope).values("post_id", "reason", "created_at")
        )
    ]
    return rows


def community_erase(person: Any) -> ErasureOutcome:
    """Clear the words of the person's posts and reports; keep the posts, votes and counts."""
    ids = person_contributions_erase(organisation=person.organisation, person_id=person.pk)
    return ErasureOutcome(rows=len(ids), objects=tuple(("community.post", str(pk)) for pk in ids))


def privacy_register() -> None:
    """Add knowledge sharing to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="community",
            title="Your knowledge sharing",
            description="Your tips, questions, answers, comments and gallery suggestions, your useful votes, "
            "saved items and reports.",
            collect=community_rows,
            order=60,
        )
    )
    person_eraser_register(PersonEraser(key="community.posts", erase=community_erase, order=300))
