"""Cleaning what a learner pastes: control characters go, everything a person can see or needs stays."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from socialu.practice.drafting import clean_draft_text, controls_message


@given(st.text())
def test_cleaned_text_has_no_control_characters_but_newlines_and_tabs(text: str) -> None:
    cleaned = clean_draft_text(text)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned.text)
    assert "\r" not in cleaned.text


@given(st.text(alphabet=st.characters(exclude_categories=["Cc"])))
def test_text_without_control_characters_is_kept_exactly(text: str) -> None:
    cleaned = clean_draft_text(text)
    assert (cleaned.text, cleaned.removed_controls) == (text, 0)


def test_emoji_joiners_and_direction_marks_are_kept() -> None:
    text = "👩\u200d👩\u200d👧 \u200fשלום\u200e ok"
    assert clean_draft_text(text).text == text


def test_the_message_counts_what_was_removed() -> None:
    assert controls_message(0) == ""
    assert controls_message(1).startswith("We removed 1 invisible control character ")
    assert "2 invisible control characters" in controls_message(2)
