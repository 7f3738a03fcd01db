"""Posts stay within each platform's length, hashtag and mention limits, counted as a person would count."""

from __future__ import annotations

import pytest

from socialu.policycheck import Severity, Verdict
from tests.policycheck.support import found, run


def test_280_characters_fit_on_x_and_281_do_not() -> None:
    assert found(run("a" * 280, platform="x"), "platform-length") == []
    result = run("a" * 280 + "b", platform="x")
    assert found(result, "platform-length") == ["b"]
    assert result.verdict is Verdict.BLOCK


def test_the_finding_covers_everything_past_the_limit() -> None:
    text = "x" * 279 + "yz!"
    (finding,) = run(text, platform="x").findings
    assert (finding.start, finding.end) == (280, 282)
    assert finding.message == (
        "The post is 282 characters; X allows 280. Everything from here on would be cut or refused."
    )


def test_a_link_counts_as_23_characters_on_x_whatever_its_length() -> None:
    link = "https://kestrel-outdoor.example/" + "a" * 100
    assert len(link) > 23
    filler = "a" * (280 - 23 - 1)
    assert found(run(f"{filler} {link}", platform="x"), "platform-length") == []
    result = run(f"{filler}b {link}", platform="x")
    assert found(result, "platform-length") == [link]


def test_a_short_link_still_counts_as_23_characters_on_x() -> None:
    text = "a" * 265 + " t.co/abc1"
    assert len(text) < 280
    assert found(run(text, platform="x"), "platform-length") == ["t.co/abc1"]


def test_links_count_as_written_where_the_platform_does_not_shorten_them() -> None:
    link = "https://kestrel-outdoor.example/" + "a" * 100
    assert found(run("a" * 2000 + " " + link, platform="instagram"), "platform-length") == []


def test_a_joined_emoji_counts_as_one_character() -> None:
    family = "👩\u200d👩\u200d👧\u200d👦"
    assert len(family) == 7
    result = run("a" * 2199 + family, platform="instagram")
    assert found(result, "platform-length") == []
    assert result.length == 2200
    assert found(run("a" * 2200 + family, platform="instagram"), "platform-length") == [family]


def test_x_counts_an_emoji_as_two_characters_however_many_code_points_it_has() -> None:
    family = "👩\u200d👩\u200d👧\u200d👦"
    assert found(run("a" * 278 + family, platform="x"), "platform-length") == []
    assert found(run("a" * 279 + family, platform="x"), "platform-length") == [family]
    assert found(run("a" * 278 + "🎉", platform="x"), "platform-length") == []


def test_x_counts_chinese_and_japanese_characters_as_two_and_accented_letters_as_one() -> None:
    assert found(run("日" * 140, platform="x"), "platform-length") == []
    assert found(run("日" * 141, platform="x"), "platform-length") == ["日"]
    assert found(run("é" * 280, platform="x"), "platform-length") == []
    assert found(run("e\u0301" * 280, platform="x"), "platform-length") == []


@pytest.mark.parametrize(
    ("platform", "limit"),
    [("linkedin", 3000), ("instagram", 2200), ("facebook", 63206), ("tiktok", 4000), ("youtube", 5000)],
)
def test_each_platform_has_its_own_length_limit(platform: str, limit: int) -> None:
    assert found(run("a" * limit, platform=platform), "platform-length") == []
    assert found(run("a" * limit + "b", platform=platform), "platform-length") == ["b"]


def test_more_than_30_hashtags_on_instagram_is_blocked_from_the_31st() -> None:
    tags = [f"#tag{number}" for number in range(31)]
    result = run("Trail day " + " ".join(tags), platform="instagram")
    assert found(result, "platform-hashtags") == [" ".join(tags[30:])]
    assert found(result, "platform-hashtags-recommended") == []


def test_more_hashtags_than_recommended_is_only_information() -> None:
    result = run("Trail day #one #two #three #four #five #six", platform="instagram")
    (finding,) = result.findings
    assert finding.rule_id == "platform-hashtags-recommended"
    assert finding.excerpt == "#six"
    assert finding.severity is Severity.INFO
    assert result.verdict is Verdict.PASS


def test_a_number_sign_inside_a_word_or_an_html_entity_is_not_a_hashtag() -> None:
    assert found(run("C# and F# and &#39; #one #two", platform="x"), "platform-hashtags-recommended") == []


def test_mentions_over_the_instagram_limit_are_flagged() -> None:
    mentions = " ".join(f"@friend{number}" for number in range(21))
    assert found(run(mentions, platform="instagram"), "platform-mentions") == ["@friend20"]
    assert found(run("mail me at jo@example.com", platform="instagram"), "platform-mentions") == []


def test_platform_names_are_read_in_any_case_and_twitter_means_x() -> None:
    assert run("a" * 281, platform="Twitter").platform.value == "x"
    with pytest.raises(ValueError, match="Unknown platform 'myspace'"):
        run("hello", platform="myspace")
