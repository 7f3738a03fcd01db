"""Measure the policy pre-flight checker on realistic posts against the least any checker must do.

Run ``python -m bench.policycheck [--posts N] [--json]``. The posts are made up
from templates with a fixed seed, so every run checks the same ones. The
baseline runs one precompiled regular expression, an alternation of every plain
term in the default rule set, over the same posts: the minimum a checker has to
do just to find the words, with no folding, validation or spans.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from socialu.policycheck import RuleSet, check, default_rule_set
from socialu.policycheck.rules.profanity import package_word_list

SEED = 20261123
PLATFORMS = ["x", "linkedin", "instagram", "facebook", "tiktok", "youtube"]

OPENINGS = [
    "Three days on the Ridgeline trail and the views were worth every step.",
    "Morning swim in the loch before work — cold, clear and brilliant.",
    "Our team spent Saturday clearing the footpath above the village.",
    "First frost of the season on the campsite this morning ❄️",
    "Proud of everyone who ran the charity 10k for the mountain rescue volunteers.",
    "Packing list for a winter bothy night: stove, spare socks, head torch, and patience.",
    "Great turnout at the Glenmore Adventure School open day 🙌",
    "Café stop at Nant Peris after a long wet day on Y Garn.",
    "Trying out the new TrailShell jacket on a properly wet weekend.",
    "We are hiring! Come and help us make outdoor kit that lasts.",
    "Weekend plan: pitch the Ridgeline tent by the river and watch the stars ✨",
    "Talked to the Harbour Scouts Association about leave-no-trace camping.",
]
MIDDLES = [
    "The rain never stopped but everyone stayed cheerful and dry.",
    "Huge thanks to the rangers who keep these paths open all year.",
    "If you are heading out, check the forecast and tell someone your route.",
    "We counted 14 red kites over the ridge, a record for us.",
    "Kit list and route notes are on the blog for anyone who wants them.",
    "The descent was slippery, so poles were a good call.",
    "Lunch was flapjack and a flask of tea, as tradition demands.",
    "Next month we are back for the autumn colours 🍂",
    "Nothing fancy, just good company and a long walk.",
    "Still smiling about the sunrise from the summit 🌄",
]
RISKS = [
    "Get yours now, link in bio!",
    "Shop the sale before Sunday, 20% off everything.",
    "Ask me about Project Falcon next week 😉",
    "Call me on 07700 900123 if you want to join.",
    "Honestly Summitcraft tents are garbage compared to this.",
    "Guaranteed to keep you dry, the best in the world.",
    "Our revenue will double after the launch.",
    "What a sh1t day that was, ha.",
    "More at bit.ly/3xYz9",
    "Email me at sam.hill@example.com for the route file.",
    "SERIOUSLY THE BEST WEEKEND OF THE YEAR SO FAR",
    "Thoughts with everyone affected by the wildfire.",
]
LINKS = [
    "https://kestrel-outdoor.example/blog/ridgeline-weekend",
    "https://www.kestrel-outdoor.example/stories/frost",
    "https://trails.example.org/guides/y-garn",
]
TAGS = ["#hiking", "#outdoors", "#camping", "#wildcamping", "#trailrunning", "#KestrelEmployee", "#mountains", "#uk"]


def make_posts(count: int, seed: int = SEED) -> list[tuple[str, str, str]]:
    """Return ``count`` posts as (text, platform, account kind), mostly clean, some breaking a rule."""
    generator = random.Random(seed)
    posts = []
    for _ in range(count):
        parts = [generator.choice(OPENINGS)]
        parts.extend(generator.sample(MIDDLES, generator.randint(0, 4)))
        if generator.random() < 0.3:
            parts.append(generator.choice(RISKS))
        if generator.random() < 0.4:
            parts.append(generator.choice(LINKS))
        if generator.random() < 0.6:
            parts.append(" ".join(generator.sample(TAGS, generator.randint(1, 5))))
        text = " ".join(parts)[:500]
        posts.append((text, generator.choice(PLATFORMS), generator.choice(["personal", "official"])))
    return posts


def plain_terms(rules: RuleSet) -> list[str]:
    """Return every plain word or phrase the rule set looks for."""
    settings = rules.rules
    terms: list[str] = list(rules.promotional_cues)
    if settings.confidential:
        terms += settings.confidential.terms
    if settings.disclosure:
        terms += [*settings.disclosure.brand_terms, *settings.disclosure.disclosure_phrases]
    for claim in settings.claims:
        terms += claim.phrases
    if settings.profanity:
        allowed = {word.lower() for word in settings.profanity.allow}
        terms += [word for word in package_word_list() if word.lower() not in allowed]
        terms += settings.profanity.extra_terms
    if settings.disparagement:
        terms += [
            *settings.disparagement.competitors,
            *settings.disparagement.customers,
            *settings.disparagement.negative_words,
        ]
    if settings.tone.hostile:
        terms += settings.tone.hostile.phrases
    if settings.links:
        for domain_rule in (settings.links.blocked, settings.links.shorteners):
            if domain_rule:
                terms += domain_rule.domains
    if settings.sensitive_events:
        for event in settings.sensitive_events.events:
            terms += event.terms
    return terms


def baseline_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Return one alternation of ``terms``, longest first, whole words, ignoring case."""
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def measure(posts: list[tuple[str, str, str]], work: Callable[[str, str, str], object]) -> dict[str, float]:
    """Run ``work`` on every post and return throughput and latency figures (microseconds)."""
    for text, platform, account in posts[:200]:
        work(text, platform, account)  # warm caches and compiled patterns
    timings: list[int] = []
    clock = time.perf_counter_ns
    started = clock()
    for text, platform, account in posts:
        before = clock()
        work(text, platform, account)
        timings.append(clock() - before)
    elapsed = (clock() - started) / 1e9
    timings.sort()
    return {
        "posts_per_second": len(posts) / elapsed,
        "mean_us": statistics.fmean(timings) / 1000,
        "p95_us": timings[int(len(timings) * 0.95) - 1] / 1000,
        "max_us": timings[-1] / 1000,
    }


def run(count: int) -> dict[str, Any]:
    """Return the benchmark's figures for ``count`` posts."""
    rules = default_rule_set()
    posts = make_posts(count)
    pattern = baseline_pattern(plain_terms(rules))
    verdicts: Counter[str] = Counter()

    def ours(text: str, platform: str, account: str) -> None:
        verdicts[check(text, platform=platform, account_kind=account, rules=rules).verdict.value] += 1

    def baseline(text: str, platform: str, account: str) -> None:
        pattern.findall(text)

    checker = measure(posts, ours)
    minimum = measure(posts, baseline)
    return {
        "posts": count,
        "mean_length": statistics.fmean(len(text) for text, _, _ in posts),
        "baseline_terms": len(pattern.pattern.split("|")),
        "checker": checker,
        "baseline": minimum,
        "ratio_mean": checker["mean_us"] / minimum["mean_us"],
        "verdicts": dict(verdicts),
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000, help="how many posts to check (default 10,000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args(argv)
    figures = run(arguments.posts)
    if arguments.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"Policy pre-flight check: {figures['posts']:,} posts, mean {figures['mean_length']:.0f} characters")
    for name, label in (("checker", "socialu.policycheck"), ("baseline", "one-regex baseline")):
        row = figures[name]
        print(
            f"  {label:<20} {row['posts_per_second']:>10,.0f} posts/s"
            f"   mean {row['mean_us']:>7.1f} µs   p95 {row['p95_us']:>7.1f} µs   max {row['max_us']:>8.1f} µs"
        )
    print(f"  ours / baseline (mean latency): {figures['ratio_mean']:.1f}×")
    print(f"  verdicts: {figures['verdicts']}  (baseline alternation of {figures['baseline_terms']:,} terms)")


if __name__ == "__main__":
    main()
