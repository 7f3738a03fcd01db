"""Negative words near a competitor's or customer's name are caught; praise and distance are not."""

from __future__ import annotations

import pytest

from socialu.policycheck import Verdict, load_rule_set
from tests.policycheck.support import found, run


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Summitcraft jackets are total garbage", "Summitcraft jackets are total garbage"),
        ("Honestly, what a scam NorthPeak Gear is", "scam NorthPeak Gear"),
        ("Avoid @Summitcraft at all costs", "Avoid @Summitcraft"),
        ("The Glenmore Adventure School staff were useless", "Glenmore Adventure School staff were useless"),
    ],
)
def test_a_negative_word_near_a_named_competitor_or_customer_is_blocked(text: str, excerpt: str) -> None:
    result = run(text)
    assert found(result, "disparage-competitor-or-customer") == [excerpt]
    assert result.verdict is Verdict.BLOCK


def test_the_message_names_who_is_disparaged() -> None:
    (finding,) = run("NorthPeak Gear is a scam").findings
    assert "NorthPeak Gear" in finding.message


def test_a_neutral_mention_of_a_competitor_is_fine() -> None:
    assert found(run("Great to see Summitcraft at the trade show"), "disparage-competitor-or-customer") == []


def test_a_negative_word_outside_the_window_is_not_tied_to_the_name() -> None:
    text = "Summitcraft had a stand at the show this year. Later the weather turned terrible."
    assert found(run(text), "disparage-competitor-or-customer") == []


def test_the_window_is_configurable() -> None:
    rules = load_rule_set(
        {
            "rules": {
                "disparagement": {
                    "id": "d",
                    "severity": "warn",
                    "message": "m",
                    "fix": "f",
                    "competitors": ["Acme"],
                    "negative_words": ["bad"],
                    "window_words": 2,
                }
            }
        }
    )
    assert found(run("Acme is bad", rules=rules), "d") == ["Acme is bad"]
    assert found(run("Acme is really very bad", rules=rules), "d") == []
