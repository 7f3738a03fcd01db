"""People promoting Kestrel from their own account say that they work there; official accounts need not."""

from __future__ import annotations

import pytest

from socialu.policycheck import Verdict
from tests.policycheck.support import found, run

PROMOTION = "Loving my new TrailShell jacket, get yours before the weekend!"


def test_promotion_from_a_personal_account_without_disclosure_is_flagged_at_the_brand_term() -> None:
    result = run(PROMOTION, account_kind="personal")
    assert found(result, "disclose-employment") == ["TrailShell jacket"]
    assert result.verdict is Verdict.WARN


def test_the_same_promotion_from_the_official_account_needs_no_disclosure() -> None:
    assert found(run(PROMOTION, account_kind="official"), "disclose-employment") == []


@pytest.mark.parametrize(
    "disclosure",
    [
        "#KestrelEmployee",
        "#kestrelemployee",
        "#ad",
        "#Sponsored",
        "I work at Kestrel.",
        "I work for the company that makes it.",
        "(I’m an employee of Kestrel)",
        "My employer makes it.",
    ],
)
def test_a_disclosure_anywhere_in_the_post_satisfies_the_rule(disclosure: str) -> None:
    assert found(run(f"{PROMOTION} {disclosure}", account_kind="personal"), "disclose-employment") == []


def test_a_brand_mention_without_promotion_needs_no_disclosure() -> None:
    assert (
        found(run("Saw a kestrel hovering over the ridge today", account_kind="personal"), "disclose-employment") == []
    )


def test_promotion_without_a_brand_term_needs_no_disclosure() -> None:
    assert (
        found(run("Get yours before the weekend, the sale ends soon!", account_kind="personal"), "disclose-employment")
        == []
    )


def test_ad_inside_another_word_is_not_a_disclosure() -> None:
    text = "Loving my Ridgeline tent, get yours #adventure"
    assert found(run(text, account_kind="personal"), "disclose-employment") == ["Ridgeline tent"]
