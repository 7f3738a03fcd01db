"""The checker's shortcuts for long drafts give exactly what the careful way gives.

Long pastes and hostile texts take fast paths: one ``translate`` to fold a
draft whose every character folds to one, a count of wide characters instead
of a walk over every character, a word set to rule a list out before building
its positions. Each test here compares a shortcut with the step-by-step
reference it replaces, on text built to hit the awkward cases.
"""

from __future__ import annotations

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from socialu.policycheck import check, default_rule_set, load_rule_set
from socialu.policycheck.checker import MAX_FINDINGS_PER_RULE
from socialu.policycheck.matching import MatcherIndex, PhraseMatcher
from socialu.policycheck.model import AccountKind, Finding, Platform
from socialu.policycheck.rules.base import Context
from socialu.policycheck.rules.links import _DomainLookup
from socialu.policycheck.rules.platform_limits import _is_narrow, _offset_past
from socialu.policycheck.rules.tone import _SENTIMENT_WORD, package_lexicon, sentiment, sentiment_score
from socialu.policycheck.text import _fold_character, fold, grapheme_offsets, grapheme_starts, weighted_length
from socialu.policycheck.urls import host_matches

TODAY = datetime.date(2026, 3, 1)

PIECES = st.sampled_from(
    [
        "a",
        "Z",
        " ",
        "Рrојесt",
        "Ｆａｌｃｏｎ",
        "é",
        "e\u0301",
        "🎉",
        "👍🏽",
        "🇬🇧",
        "中文",
        "\r\n",
        "ß",
        "!",
        "1 2 3",
        "#",
    ]
)


def _reference_fold(text: str) -> str:
    """Fold one character at a time, as the general path does."""
    return "".join(character.lower() if character.isascii() else _fold_character(character)[0] for character in text)


def _reference_fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Fold character by character, keeping each folded character's original span, as short drafts are."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, character in enumerate(text):
        folded, attaches = (character.lower(), False) if character.isascii() else _fold_character(character)
        if folded:
            pieces.append(folded)
            starts.extend([index] * len(folded))
            ends.extend([index + 1] * len(folded))
        elif attaches and ends and ends[-1] == index:
            last = len(ends) - 1
            while last >= 0 and ends[last] == index:
                ends[last] = index + 1
                last -= 1
    return "".join(pieces), starts, ends


def _reference_weighted_length(text: str, wide: int) -> int:
    """Walk every user-perceived character and weigh it by its first code point."""
    return sum(1 if wide == 1 or _is_narrow(text[offset]) else wide for offset in grapheme_starts(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40), st.integers(min_value=1, max_value=3))
def test_the_weighted_length_counts_like_a_walk_over_every_character(pieces: list[str], wide: int) -> None:
    text = "".join(pieces)
    assert weighted_length(text, wide) == _reference_weighted_length(text, wide)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["Рrојесt ", "Ｆａｌｃｏｎ ", "café ", "ΑΒΓ ", "plain words "]), min_size=1, max_size=5)
)
def test_a_long_draft_of_one_to_one_characters_folds_like_the_careful_way(pieces: list[str]) -> None:
    text = "".join(pieces) * (2100 // len("".join(pieces)) + 1)  # past the length where the fast path starts
    folded = fold(text)
    assert folded.folded == _reference_fold(text)
    assert len(folded.folded) == len(text)
    assert folded.span(0, 3) == (0, 3)


@settings(max_examples=80, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=30))
def test_a_long_draft_with_marks_and_emoji_folds_with_the_same_offsets_as_a_short_one(pieces: list[str]) -> None:
    text = "".join(pieces) * (2100 // len("".join(pieces)) + 1)
    expected_text, expected_starts, expected_ends = _reference_fold_with_offsets(text)
    folded = fold(text)
    assert folded.folded == expected_text
    spans = [folded.span(index, index + 1) for index in range(len(folded.folded))]
    assert spans == list(zip(expected_starts, expected_ends, strict=True))


def test_a_confidential_term_in_look_alike_letters_is_found_in_a_long_paste() -> None:
    text = "Nothing to see here. " * 150 + "Рrојесt Fаlсоn ships soon."
    result = check(text, platform="linkedin", account_kind="personal", rules=default_rule_set(), today=TODAY)
    confidential = [finding for finding in result.findings if finding.category == "confidential"]
    assert [text[finding.start : finding.end] for finding in confidential] == ["Рrојесt Fаlсоn"]


def test_a_rule_reports_at_most_a_bounded_number_of_places() -> None:
    text = "Project Falcon. " * (MAX_FINDINGS_PER_RULE + 30)
    result = check(text, platform="linkedin", account_kind="official", rules=default_rule_set(), today=TODAY)
    confidential = [finding for finding in result.findings if finding.rule_id == "confidential-term"]
    assert len(confidential) == MAX_FINDINGS_PER_RULE
    assert confidential[0].start == 0


def test_a_hashtag_phrase_matches_the_hashtag_and_not_the_bare_word() -> None:
    rules = load_rule_set(
        {
            "version": 1,
            "name": "Hashtags",
            "rules": {
                "claims": [
                    {"id": "number-one", "severity": "warn", "message": "m", "fix": "f", "phrases": ["#1"]},
                ]
            },
        }
    )
    flagged = check("We are #1 for tents", platform="x", account_kind="official", rules=rules, today=TODAY)
    bare = check("Day 1 of 1 on the trail", platform="x", account_kind="official", rules=rules, today=TODAY)
    assert [finding.excerpt for finding in flagged.findings] == ["#1"]
    assert bare.findings == ()


def test_an_exclamation_mark_between_letters_reads_as_a_letter_and_a_closing_one_does_not() -> None:
    rules = default_rule_set()
    swearing = check("What a sh!t! day", platform="x", account_kind="personal", rules=rules, today=TODAY)
    cheering = check("Falcon!!! " * 3, platform="x", account_kind="personal", rules=rules, today=TODAY)
    assert any(finding.category == "profanity" for finding in swearing.findings)
    assert not any(finding.category == "profanity" for finding in cheering.findings)


PATTERNS = [
    r"\b(?:revenues?|sales|profits?)\s+(?:will|is\s+going\s+to)\s+(?:double|soar)\w*",
    r"\bi\s+work\s+(?:at|for)\b",
    r"\bkoc-\d{6}\b",
    r"(?:cures?|treats?)\s+(?:cancer|covid)",
    r"\bmy\s+(?:employer|company)\b",
    r"(a|bc)d",
]
PHRASES = ["100% safe", "#1", "sales will double", "my employer", "i work at", "koc"]
TEXT_PIECES = st.sampled_from(
    ["sales ", "will ", "double", "is going to ", "soar", "100% ", "safe", "i ", "work ", "at ", "koc-", "123456",
     "cures ", "cancer", "my ", "employer", "ad", "bcd", "wholesales ", "x", " ", "#1 ", "Ｍｙ ", "ÉMPLOYER"]
)  # fmt: skip


def _gated_and_plain(phrases: list[str], patterns: list[str]) -> tuple[PhraseMatcher, MatcherIndex, PhraseMatcher]:
    index = MatcherIndex()
    with index.collecting():
        gated = PhraseMatcher(phrases, patterns)
    return gated, index, PhraseMatcher(phrases, patterns)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=12))
def test_the_gate_never_rules_out_a_phrase_or_pattern_that_matches(pieces: list[str]) -> None:
    gated, index, plain = _gated_and_plain(PHRASES, PATTERNS)
    text = "".join(pieces)
    with_gate = fold(text)
    with_gate.gate = index.gate(with_gate)
    assert gated.find(with_gate, leet=True, spaced=True) == plain.find(fold(text), leet=True, spaced=True)


def test_a_draft_without_the_words_or_patterns_is_ruled_out_in_one_pass() -> None:
    gated, index, _ = _gated_and_plain(["Project Falcon", "100% safe"], PATTERNS)
    own_patterns = gated.pattern_numbers
    clean = fold("a." * 5000)
    gate = index.gate(clean)
    assert gate.matchers("plain") == set()
    assert gate.patterns().isdisjoint(own_patterns)
    assert gate.words() == {}
    dirty = fold("Our sales will double, 100% safe, says Project Falcon")
    gate = index.gate(dirty)
    assert gate.matchers("plain") == {0}
    assert len(gate.patterns() & own_patterns) == 2
    # The one Aho-Corasick pass gives the gate word of "Project Falcon" with its exact span.
    assert gate.words() == {"project": [(39, 46)]}


GATED_PIECES = st.sampled_from(
    ["f*** ", "sh*tshow ", "fuuuck ", "s--t ", "well-known ", "Project Falcon ", "buy now ", "RIP ", "president ",
     "laid off ", "code SAM20 ", "20% off ", "you clown ", "not financial advice ", "https://x.example/a ",
     "bit.ly/3x ", "www.kestrel-outdoor.example ", "SHOUTING LOUDLY NOW ", "terrible awful ", "don't ",
     "sam@example.com ", "07700 900123 ", "4111 1111 1111 1111 ", "GB82 WEST 1234 5698 7654 32 ", "#ad ",
     "Рrојесt ", "P R O J E C T ", "Falcon ", "F-A-L-C-O-N ", "sh1t ", "wildfire ", "gifted ", "  ", "a.", "1 "]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(GATED_PIECES, min_size=1, max_size=10), st.sampled_from(["x", "linkedin"]), st.booleans())
def test_the_rule_sets_one_pass_gate_changes_no_finding(pieces: list[str], platform: str, official: bool) -> None:
    """Every checker finds the same with the gate as with the gate switched off (everything run the long way)."""
    text = "".join(pieces)
    rules = default_rule_set()
    compiled = rules.compiled
    kind = AccountKind.OFFICIAL if official else AccountKind.PERSONAL

    def findings(gated: bool) -> list[object]:
        folded = fold(text)
        folded.gate = compiled.index.gate(folded) if gated else None
        context = Context(
            text, folded, platform=Platform(platform), account_kind=kind, today=TODAY,
            promotional_cues=compiled.promotional_cues, link_gate=compiled.link_gate if gated else None,
        )  # fmt: skip
        return [finding for checker in compiled.checkers for finding in checker(context)]

    assert findings(gated=True) == findings(gated=False)


SENTIMENT_PIECES = st.sampled_from(
    ["not ", "good ", "bad ", "terrible ", "don't ", "never ", "love ", "hate ", "awful ", "great ", "the ", "x ",
     "can't ", "wonderful ", "no ", "sad "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTIMENT_PIECES, max_size=20))
def test_the_quick_sentiment_score_is_the_score_of_the_word_by_word_pass(pieces: list[str]) -> None:
    folded = fold("".join(pieces)).folded
    lexicon = package_lexicon()
    words = [word.replace("'", "") for word in _SENTIMENT_WORD.findall(folded)]
    assert sentiment_score(words, lexicon) == sentiment(folded, lexicon)[0]


HOST_PARTS = st.sampled_from(
    ["www", "pastebin", "com", "bit", "ly", "kestrel-outdoor", "example", "notpastebin", "t", "co"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOST_PARTS, min_size=1, max_size=4), st.lists(st.lists(HOST_PARTS, min_size=1, max_size=3), max_size=5))
def test_the_domain_lookup_agrees_with_comparing_the_host_with_each_domain(
    host: list[str], listed: list[list[str]]
) -> None:
    domains = tuple(".".join(parts) for parts in listed)
    name = ".".join(host)
    expected = next((domain for domain in domains if host_matches(name, domain)), None)
    assert _DomainLookup(domains).first(name) == expected


SHOUT_PIECES = st.sampled_from(
    ["SHOUT ", "quiet ", "CEO ", "#LOUD ", "@LOUD ", "Ab ", "NOW! ", "x ", "NASA ", "HUGE SALE ", "OK "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SHOUT_PIECES, min_size=1, max_size=15))
def test_shouting_in_plain_ascii_is_measured_like_the_general_way(pieces: list[str]) -> None:
    text = "".join(pieces)
    rules = default_rule_set()
    quick = [
        f for f in check(text, platform="x", account_kind="personal", rules=rules).findings if f.category == "tone"
    ]
    # A character outside ASCII that changes nothing sends the same draft down the general path.
    general_text = text + "\u00a0"
    general = check(general_text, platform="x", account_kind="personal", rules=rules).findings
    assert quick == [f for f in general if f.category == "tone"]


def _every_checker_the_long_way(text: str, platform: str, kind: AccountKind) -> list[Finding]:
    """Run every checker of the default rules on ``text`` with the gate switched off, sorted as check() sorts."""
    compiled = default_rule_set().compiled
    folded = fold(text)
    context = Context(
        text, folded, platform=Platform(platform), account_kind=kind, today=TODAY,
        promotional_cues=compiled.promotional_cues, link_gate=None,
    )  # fmt: skip
    found: list[Finding] = [
        finding
        for checker in compiled.checkers
        for finding in itertools.islice((item for item in checker(context) if item is not None), MAX_FINDINGS_PER_RULE)
    ]
    found.sort(key=lambda finding: (finding.start, -finding.severity.rank, finding.end, finding.rule_id))
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(GATED_PIECES, min_size=1, max_size=10), st.sampled_from(["x", "linkedin"]), st.booleans())
def test_running_only_the_checkers_the_one_pass_calls_for_changes_no_finding(
    pieces: list[str], platform: str, official: bool
) -> None:
    """check() runs only the checkers the draft's one pass calls for; running every one finds the same."""
    text = "".join(pieces)
    kind = AccountKind.OFFICIAL if official else AccountKind.PERSONAL
    result = check(text, platform=platform, account_kind=kind, rules=default_rule_set(), today=TODAY)
    assert list(result.findings) == _every_checker_the_long_way(text, platform, kind)


AHO_PHRASES = [
    "Project Falcon", "project falcon", "the best", "best in the world", "falcon", "q3 forecast", "take it or leave it",
    "in the", "very very bad", "p.u.s.s.y.", "x y z", "ridge", "the",
]  # fmt: skip
AHO_PIECES = st.sampled_from(
    ["project", "falcon", "Project", " ", "  ", "-", " - ", "_", "/", ".", "#", "#ProjectFalcon", "the", "best", "in",
     "world", "Q3", "forecast", "take", "it", "or", "leave", "very", "bad", "p", "u", "s", "y", "x", "z", "ridge",
     "ridges", "é", "Ｆａｌｃｏｎ", "—", "🎉", "!", ",", "\u200b", "       ", "'", "’"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(AHO_PIECES, max_size=16))
def test_the_aho_corasick_pass_finds_what_the_word_by_word_way_finds(pieces: list[str]) -> None:
    """Phrases confirmed around the gate words the one pass finds are the phrases matched word by word."""
    gated, index, plain = _gated_and_plain(AHO_PHRASES, [])
    text = "".join(pieces)
    with_gate = fold(text)
    with_gate.gate = index.gate(with_gate)
    assert gated.find(with_gate) == plain.find(fold(text))
    # Every word the pass reports is a whole word of the folded text, at exactly the span it gives.
    folded = with_gate.folded
    for word, spans in with_gate.gate.words().items():
        for start, end in spans:
            assert folded[start:end] == word
            assert start == 0 or not folded[start - 1].isalnum()
            assert end == len(folded) or not folded[end].isalnum()


READING_PIECES = st.sampled_from(
    ["a", "b", "1", "0", "@", "$", "!", " ", ".", "-", "_", "é", "ß", "中", "🎉", "—", "\u0301", "Ｐ", "#", "x"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(READING_PIECES, max_size=14))
def test_the_one_pass_never_rules_out_a_leetspeak_or_spelled_out_reading(pieces: list[str]) -> None:
    """A draft whose leetspeak or spelled-out reading has words always passes that reading's RE2 gate."""
    folded = fold("".join(pieces))
    index = default_rule_set().compiled.index
    gate = index.gate(folded)
    for view in ("leet", "spaced"):
        if folded.word_set(view):
            number = index.reading_gate(view)
            assert number is None or number in gate.patterns(), view


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTIMENT_PIECES, max_size=20), st.sampled_from(["", "I'm ", "SAD "]))
def test_the_sentiment_bound_rules_out_only_drafts_the_full_score_would_pass(pieces: list[str], prefix: str) -> None:
    """The lowest possible score skips a draft only when the exact score would not flag it either."""
    text = prefix + "".join(pieces)
    result = check(text, platform="linkedin", account_kind="personal", rules=default_rule_set(), today=TODAY)
    flagged = any(finding.rule_id == "tone-negative" for finding in result.findings)
    folded = fold(text).folded
    score, spans = sentiment(folded, package_lexicon())
    threshold = default_rule_set().rules.tone.sentiment.threshold  # type: ignore[union-attr]
    assert flagged == (len(_SENTIMENT_WORD.findall(folded)) >= 3 and score <= threshold and bool(spans))


def _reference_offset_past(text: str, start: int, end: int, allowance: int, wide: int) -> int:
    """Walk every user-perceived character, as the general path does."""
    used = 0
    for offset, _ in grapheme_offsets(text, start):
        if offset >= end:
            break
        used += 1 if wide == 1 or _is_narrow(text[offset]) else wide
        if used > allowance:
            return offset
    return end


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["a", " ", "é", "中", "🎉", "—", "ß", "x", "\u2013", "😀", "Я"]), max_size=30),
    st.integers(min_value=-2, max_value=40),
    st.sampled_from([1, 2]),
    st.data(),
)
def test_the_offset_past_a_limit_is_found_without_walking_every_character(
    pieces: list[str], allowance: int, wide: int, data: st.DataObject
) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert _offset_past(text, start, end, allowance, wide) == _reference_offset_past(text, start, end, allowance, wide)
