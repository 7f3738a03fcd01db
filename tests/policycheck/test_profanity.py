"""Profanity and slurs come from a maintained word list, with the organisation's additions and allowed words."""

from __future__ import annotations

import pytest

from socialu.policycheck import Verdict, load_rule_set
from socialu.policycheck.rules.profanity import package_word_list
from tests.policycheck.support import found, run


def test_the_word_list_comes_from_the_installed_package() -> None:
    words = package_word_list()
    assert len(words) > 500
    assert "shit" in words


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("What the fuck was that", "fuck"),
        ("Total BULLSHIT", "BULLSHIT"),
        ("bull shit, honestly", "bull shit"),
        ("5hit happens", "5hit"),
        ("you @sshole", "@sshole"),
        ("🙄 ｆｕｃｋ", "ｆｕｃｋ"),
        ("well s h i t", "s h i t"),
    ],
)
def test_profanity_is_blocked_at_the_offending_word(text: str, excerpt: str) -> None:
    result = run(text)
    assert found(result, "profanity") == [excerpt]
    assert result.verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe hikers club meets today",  # a listed word inside a longer word
        "The ski slope was icy",  # allowed: everyday outdoor word
        "Pitch and erect the tent in five minutes",
        "Proud to support our gay and lesbian colleagues",  # identity words are not insults
        "Hell of a hike today",
        "Assess the class before class",
        "455 people joined, 5318008 views",  # numbers are not leetspeak
    ],
)
def test_allowed_words_and_words_inside_other_words_are_not_flagged(text: str) -> None:
    assert found(run(text), "profanity") == []


def test_the_organisation_can_add_words_and_allow_listed_ones() -> None:
    rules = load_rule_set(
        {
            "rules": {
                "profanity": {
                    "id": "profanity",
                    "severity": "block",
                    "message": "m",
                    "fix": "f",
                    "extra_terms": ["frak"],
                    "allow": ["crap"],
                }
            }
        }
    )
    assert found(run("frak this crap", rules=rules), "profanity") == ["frak"]


def test_leetspeak_folding_can_be_switched_off() -> None:
    rules = load_rule_set(
        {"rules": {"profanity": {"id": "p", "severity": "block", "message": "m", "fix": "f", "leetspeak": False}}}
    )
    assert "5hit" not in package_word_list()
    assert found(run("5hit happens", rules=rules), "p") == []
    assert found(run("shit happens", rules=rules), "p") == ["shit"]


@pytest.mark.parametrize(("text", "excerpt"), [("F*ck yes, summit reached!", "F*ck"), ("What a sh*t day", "sh*t")])
def test_a_word_with_letters_hidden_behind_asterisks_is_read_as_the_word_it_fits(text: str, excerpt: str) -> None:
    assert found(run(text, platform="x", account_kind="personal"), "profanity") == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "This is *really* good",
        "Rated 5*5 by walkers",
        "Footnote* applies",
        "She got an A** in geography",
        "A 5*** campsite",
        "Scunthorpe, shiitake and a well-known T-shirt",
        "s-t-a-r-t here, he mishit the ball, first-class",
    ],
)
def test_asterisks_for_emphasis_or_ordinary_words_are_not_read_as_profanity(text: str) -> None:
    assert found(run(text, platform="x", account_kind="personal"), "profanity") == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("What the f*** was that", "f***"),
        ("Nobody here knows how to f—ing drive", "f—ing"),
        ("Nobody here knows how to f-ing drive", "f-ing"),
        ("So f******* cold up there", "f*******"),
        ("s--t happens on the hill", "s--t"),
        ("What a b*****s", "b*****s"),
        ("A total clusterf*ck of a day", "clusterf*ck"),
        ("The launch was a sh*tshow", "sh*tshow"),
        ("What a shitstorm", "shitstorm"),
        ("Fuuuuck that was steep", "Fuuuuck"),
    ],
)
def test_strong_words_are_read_however_they_are_masked_stretched_or_fused(text: str, excerpt: str) -> None:
    assert found(run(text, platform="x", account_kind="personal"), "profanity") == [excerpt]
