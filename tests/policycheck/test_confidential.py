"""Confidential terms are blocked however they are spaced, joined, cased or disguised."""

from __future__ import annotations

import pytest

from socialu.policycheck import Verdict
from tests.policycheck.support import found, run


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Big news about Project Falcon today", "Project Falcon"),
        ("big news about project  falcon today", "project  falcon"),
        ("Can't wait! #ProjectFalcon", "#ProjectFalcon"),
        ("Working on Project-Falcon", "Project-Falcon"),
        ("Working on project_falcon", "project_falcon"),
        ("PROJECT FALCON is coming", "PROJECT FALCON"),
        ("Our Q3 forecast looks strong", "Q3 forecast"),
        ("The Falcon launch date is set", "Falcon launch date"),
    ],
)
def test_a_confidential_term_is_blocked_in_its_common_variants(text: str, excerpt: str) -> None:
    result = run(text)
    assert found(result, "confidential-term") == [excerpt]
    assert result.verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("🎉🚀 Project Falcon!", "Project Falcon"),
        ("Ｐｒｏｊｅｃｔ Ｆａｌｃｏｎ", "Ｐｒｏｊｅｃｔ Ｆａｌｃｏｎ"),
        ("Рrоjесt Falcon", "Рrоjесt Falcon"),  # Cyrillic letters
        ("𝐏𝐫𝐨𝐣𝐞𝐜𝐭 𝐅𝐚𝐥𝐜𝐨𝐧 soon", "𝐏𝐫𝐨𝐣𝐞𝐜𝐭 𝐅𝐚𝐥𝐜𝐨𝐧"),
        ("Pro\u200bject Fal\u200dcon", "Pro\u200bject Fal\u200dcon"),
        ("Proje\u0301ct Falcon", "Proje\u0301ct Falcon"),
        ("Pr0ject Falc0n", "Pr0ject Falc0n"),  # leetspeak
        ("Pr0ject Falcon!", "Pr0ject Falcon"),  # leetspeak in one word of the term
        ("P R O J E C T Falcon", "P R O J E C T Falcon"),  # spelled out
        ("Big F-A-L-C-O-N L-A-U-N-C-H date", "F-A-L-C-O-N L-A-U-N-C-H date"),
    ],
)
def test_disguised_text_does_not_hide_a_term_or_shift_its_span(text: str, excerpt: str) -> None:
    assert found(run(text), "confidential-term") == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "A falcon flew over our project site",
        "Projection: falcons are fast",
        "Our Q3 results were published last month",
        "We launch the Falcon Trail guide on Monday",
    ],
)
def test_words_of_a_term_apart_or_inside_other_words_are_not_flagged(text: str) -> None:
    assert found(run(text), "confidential-term") == []
