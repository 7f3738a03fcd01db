"""Folding makes look-alike text match, and every folded offset maps back to the original text."""

from __future__ import annotations

import pytest

from socialu.policycheck.text import View, fold, grapheme_length, grapheme_starts


def original_of(text: str, folded_fragment: str) -> str:
    folded = fold(text)
    start = folded.folded.index(folded_fragment)
    original_start, original_end = folded.span(start, start + len(folded_fragment))
    return text[original_start:original_end]


def test_plain_ascii_is_lowercased_with_the_same_offsets() -> None:
    folded = fold("Project FALCON")
    assert folded.folded == "project falcon"
    assert folded.span(8, 14) == (8, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｐｒｏｊｅｃｔ", "project"),  # full-width
        ("𝐏𝐫𝐨𝐣𝐞𝐜𝐭", "project"),  # mathematical bold
        ("Рrоjесt", "project"),  # Cyrillic Р, о, е, с
        ("Ρrοject", "project"),  # Greek Ρ and ο
        ("Pro\u200bject", "project"),  # zero-width space inside
        ("Pröjéct", "project"),  # accents
        ("Proje\u0301ct", "project"),  # combining accent
        ("I’m", "i'm"),  # typographic apostrophe
    ],
)
def test_look_alike_text_folds_to_plain_latin(text: str, expected: str) -> None:
    assert fold(text).folded == expected


def test_a_span_after_an_emoji_maps_back_to_the_original_offsets() -> None:
    text = "🎉🎉 launch of Falcon"
    assert original_of(text, "falcon") == "Falcon"


def test_a_span_over_full_width_letters_covers_the_full_width_letters() -> None:
    text = "see ＦＡＬＣＯＮ now"
    assert original_of(text, "falcon") == "ＦＡＬＣＯＮ"


def test_a_span_ending_in_a_combining_mark_keeps_the_mark() -> None:
    text = "cafe\u0301 time"
    assert original_of(text, "cafe") == "cafe\u0301"


def test_a_letter_that_folds_to_two_letters_maps_both_to_itself() -> None:
    text = "Straße"
    assert original_of(text, "strasse") == "Straße"


def words_of(text: str, view: View) -> list[str]:
    return [word.text for word in fold(text).view(view)[0]]


def test_words_are_runs_of_letters_and_digits_in_the_folded_text() -> None:
    assert words_of("What a sh1t day, in 2026!", "plain") == ["what", "a", "sh1t", "day", "in", "2026"]


def test_the_leetspeak_reading_leaves_numbers_and_a_closing_exclamation_mark_alone() -> None:
    assert words_of("What a sh1t day in 2026", "leet") == ["what", "a", "shit", "day", "in"]
    assert words_of("455 pe0ple!", "leet") == ["people"]


def test_there_is_no_leetspeak_reading_when_nothing_reads_differently() -> None:
    assert words_of("455 people, wow!", "leet") == []


def test_the_spaced_reading_joins_spelled_out_letters() -> None:
    assert words_of("P R O J E C T Falcon is n.o.t. public", "spaced") == ["project", "falcon", "is", "not", "public"]
    assert words_of("Plan A or B", "spaced") == []


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("hello", 5),
        ("👍🏽", 1),  # skin tone modifier
        ("👩\u200d👩\u200d👧\u200d👦", 1),  # family joined by zero-width joiners
        ("🇬🇧🇫🇷", 2),  # two flags
        ("1️⃣", 1),  # keycap
        ("e\u0301", 1),  # combining accent
        ("a\r\nb", 3),
        ("🏔️ hike", 6),  # emoji with variation selector
    ],
)
def test_length_counts_user_perceived_characters(text: str, length: int) -> None:
    assert grapheme_length(text) == length
    assert len(grapheme_starts(text)) == length
