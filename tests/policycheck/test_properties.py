"""Properties that hold for any text: spans are exact, checking never fails, more rules never help a draft."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialu.policycheck import RuleSet, Verdict, check, default_rule_set, load_rule_set

TODAY = datetime.date(2026, 3, 1)
PLATFORMS = st.sampled_from(["x", "linkedin", "instagram", "facebook", "tiktok", "youtube"])
ACCOUNTS = st.sampled_from(["personal", "official"])

# Text that mixes the awkward cases: look-alikes, emoji, marks, zero-width characters, digits and rule words.
PIECES = st.sampled_from(
    [
        "Project Falcon",
        "Рrоjесt",
        "Ｆａｌｃｏｎ",
        "𝐅𝐚𝐥𝐜𝐨𝐧",
        "#ProjectFalcon",
        "🎉",
        "👩\u200d👩\u200d👧",
        "🇬🇧",
        "e\u0301",
        "\u200b",
        "\u200d",
        "ß",
        "İ",
        "ﬁ",
        "4111 1111 1111 1111",
        "+44 20 7946 0958",
        "GB82 WEST 1234 5698 7654 32",
        "bit.ly/x",
        "https://pastebin.com/a",
        "sh1t",
        "you idiot",
        "SHOUTING LOUDLY HERE",
        "Summitcraft",
        "garbage",
        "buy now",
        "TrailShell jacket",
        "hurricane",
        "#ad",
        "@someone",
        " ",
        "\n",
        ".",
        "$1,299",
        "2026",
    ]
)
DRAFTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DRAFTS, platform=PLATFORMS, account_kind=ACCOUNTS)
def test_every_span_is_within_the_text_and_slices_to_its_excerpt(text: str, platform: str, account_kind: str) -> None:
    result = check(text, platform=platform, account_kind=account_kind, rules=default_rule_set(), today=TODAY)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt != ""
    assert [finding.start for finding in result.findings] == sorted(finding.start for finding in result.findings)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400), platform=PLATFORMS)
def test_checking_never_raises_on_arbitrary_text(text: str, platform: str) -> None:
    result = check(text, platform=platform, account_kind="personal", rules=default_rule_set(), today=TODAY)
    assert result.verdict in set(Verdict)


def with_blocked_term(rules: RuleSet, term: str) -> RuleSet:
    data = rules.to_dict()
    data["rules"]["confidential"]["terms"].append(term)
    return load_rule_set(data)


_RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.BLOCK: 2}


@settings(max_examples=100, deadline=None)
@given(
    text=DRAFTS,
    term=st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=12),
    platform=PLATFORMS,
    account_kind=ACCOUNTS,
)
def test_adding_a_blocked_term_never_improves_the_verdict(
    text: str, term: str, platform: str, account_kind: str
) -> None:
    before = check(text, platform=platform, account_kind=account_kind, rules=default_rule_set(), today=TODAY)
    after = check(
        text,
        platform=platform,
        account_kind=account_kind,
        rules=with_blocked_term(default_rule_set(), term),
        today=TODAY,
    )
    assert _RANK[after.verdict] >= _RANK[before.verdict]


@settings(max_examples=100, deadline=None)
@given(prefix=DRAFTS, suffix=DRAFTS)
def test_a_confidential_term_is_found_wherever_it_is_put(prefix: str, suffix: str) -> None:
    text = f"{prefix} Project Falcon {suffix}"
    result = check(text, platform="facebook", account_kind="official", rules=default_rule_set(), today=TODAY)
    assert result.verdict is Verdict.BLOCK
    assert any(finding.rule_id == "confidential-term" for finding in result.findings)
