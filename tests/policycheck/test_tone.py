"""Hostile wording, shouting and strongly negative posts are flagged for a second look."""

from __future__ import annotations

import pytest

from socialu.policycheck import Severity
from socialu.policycheck.rules.tone import package_lexicon, sentiment
from tests.policycheck.support import found, run


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Oh shut up about the weather", "shut up"),
        ("Thanks for nothing, you idiot", "you idiot"),
        ("You people never read the instructions", "You people"),
        ("you're such a clown", "you're such a clown"),
    ],
)
def test_hostile_wording_aimed_at_a_person_is_flagged(text: str, excerpt: str) -> None:
    assert found(run(text), "tone-hostile") == [excerpt]


def test_friendly_wording_is_not_hostile() -> None:
    assert found(run("Thank you, people like you make the trail better"), "tone-hostile") == []


def test_a_post_mostly_in_capitals_is_shouting() -> None:
    text = "Hi all, THIS IS THE WORST SERVICE I HAVE EVER HAD"
    assert found(run(text), "tone-shouting") == ["THIS IS THE WORST SERVICE I HAVE EVER HAD"]


@pytest.mark.parametrize(
    "text",
    [
        "Our CEO met the NASA team in the USA today",  # acronyms on the ignore list
        "Loving the trail #TRAILSHELL #KESTREL #OUTDOORS",  # hashtags do not count
        "GO TEAM",  # too few words to shout
        "A NEW season starts today for our hikers",
    ],
)
def test_acronyms_hashtags_and_a_capitalised_word_are_not_shouting(text: str) -> None:
    assert found(run(text), "tone-shouting") == []


def test_the_sentiment_lexicon_comes_from_the_installed_package() -> None:
    lexicon = package_lexicon()
    assert lexicon["terrible"] < 0 < lexicon["great"]


def test_a_strongly_negative_post_is_flagged_from_its_first_to_last_negative_word() -> None:
    text = "Today was awful, terrible and horrible, I hate it."
    result = run(text)
    assert found(result, "tone-negative") == ["awful, terrible and horrible, I hate"]
    assert {finding.severity for finding in result.findings} == {Severity.WARN}


def test_a_mildly_negative_or_positive_post_is_not_flagged() -> None:
    assert found(run("The rain was a bit annoying but the views were great"), "tone-negative") == []
    assert found(run("What a wonderful, happy day on the hill"), "tone-negative") == []


def test_negation_turns_a_word_round() -> None:
    lexicon = package_lexicon()
    bad, _ = sentiment("this is bad", lexicon)
    not_bad, _ = sentiment("this is not bad", lexicon)
    assert bad < 0 < not_bad
