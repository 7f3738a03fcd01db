"""The shipped skills taxonomy and the file format's refusals."""

from __future__ import annotations

import pytest

from socialu.contentfiles import ContentFileError
from socialu.skills.content import shipped_taxonomy, taxonomy_read


def test_shipped_taxonomy_names_the_platforms_and_practices_the_issue_lists() -> None:
    slugs = {entry.slug for entry in shipped_taxonomy().skills}
    assert {"linkedin", "x", "instagram", "tiktok", "youtube", "facebook"} <= slugs
    assert {
        "writing-for-social",
        "video",
        "community-management",
        "customer-care",
        "listening-analytics",
        "crisis-response",
        "paid-social",
        "accessibility",
        "employee-advocacy",
        "leadership-voice",
    } <= slugs


def test_shipped_taxonomy_maps_every_practice_to_curriculum_competencies() -> None:
    practices = [entry for entry in shipped_taxonomy().skills if entry.kind == "practice"]
    assert practices
    assert all(entry.competencies for entry in practices)


def test_a_repeated_slug_is_refused_with_its_line() -> None:
    text = (
        "version: 1\nskills:\n"
        "  - {slug: video, name: Video, kind: practice}\n"
        "  - {slug: video, name: Film, kind: practice}\n"
    )
    with pytest.raises(ContentFileError, match="appears twice"):
        taxonomy_read(text, file="skills.yaml")


def test_an_unknown_kind_is_refused_naming_the_field_and_line() -> None:
    text = "version: 1\nskills:\n  - slug: video\n    name: Video\n    kind: craft\n"
    with pytest.raises(ContentFileError) as refusal:
        taxonomy_read(text, file="skills.yaml")
    message = str(refusal.value)
    assert "skills.yaml:5" in message
    assert "kind" in message
