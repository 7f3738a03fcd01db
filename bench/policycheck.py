"""Measure the policy pre-flight checker on realistic posts against the least any checker must do.

Run ``python -m bench.policycheck [--posts N] [--json]``. The posts are made up
from templates with a fixed seed, so every run checks the same ones, with the
default rules plus 500 organisation terms (made-up code names added to the
confidential terms). The baseline, in the same run, scans the same posts with
one precompiled regular expression combining the same 500 terms: what a
simple term filter does, with no folding, no other rules and no spans. Then
12 adversarial posts of 100 KB each (long runs built to make regular
expressions backtrack) are checked one by one and the slowest is reported,
and three more 100 KB posts that are slow for another reason (every character
needs Unicode work: look-alike letters, emoji with skin tones, mixed scripts)
are timed and reported beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import yaml

from socialu.policycheck import RuleSet, check, default_rule_set, load_rule_set

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


ORGANISATION_TERMS = 500
_SYLLABLES = ["fal", "con", "ri", "dge", "tor", "ka", "mi", "zen", "lo", "ve", "ra", "quin", "tes", "bor", "nal", "sky"]


def organisation_terms(count: int = ORGANISATION_TERMS, seed: int = SEED) -> list[str]:
    """Return ``count`` made-up confidential terms: project code names, unreleased products, client names."""
    generator = random.Random(seed)
    terms: set[str] = {"Project Falcon"}
    while len(terms) < count:
        words = generator.randint(1, 3)
        name = " ".join(
            "".join(generator.choice(_SYLLABLES) for _ in range(generator.randint(2, 3))).title() for _ in range(words)
        )
        terms.add(name)
    return sorted(terms)


def rules_with_terms(terms: list[str]) -> RuleSet:
    """Return the default rule set with ``terms`` added to its confidential terms."""
    document = yaml.safe_load(default_rule_set().to_yaml())
    confidential = document["rules"]["confidential"]
    confidential["terms"] = [*confidential.get("terms", []), *terms]
    return load_rule_set(document)


def baseline_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Return one alternation of ``terms``, longest first, whole words, ignoring case."""
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def adversarial_posts(size: int = 100_000) -> dict[str, str]:
    """Return posts of about ``size`` characters built to make careless regular expressions backtrack."""
    return {
        "one letter": "a" * size,
        "spaced letters": "a " * (size // 2),
        "dotted letters": "a." * (size // 2),
        "at signs": "a@" * (size // 2),
        "email-like": ("x" * 60 + "@" + "y." * 20) * (size // 101),
        "digits": "1" * size,
        "spaced digits": "1 " * (size // 2),
        "url-like": "http://" + "a." * (size // 2 - 4),
        "hashtags": "#a" * (size // 2),
        "mentions": "@a" * (size // 2),
        "capitals": "SHOUT " * (size // 6),
        "exclamations": "!" * size,
    }


def unicode_heavy_posts(size: int = 100_000) -> dict[str, str]:
    """Return long posts that are slow for a different reason: every character needs Unicode work."""
    return {
        "homoglyphs": "Рrојесt Fаlсоn " * (size // 15),
        "emoji": "🙂👍🏽" * (size // 4),
        "mixed script": ("مرحبا hello שלום " * (size // 17)),
    }


class Timing(NamedTuple):
    """Hold how long some work took: CPU time of this process (what the targets use) and wall-clock time."""

    cpu_s: float
    wall_s: float


def measure(posts: list[tuple[str, str, str]], work: Callable[[str, str, str], object]) -> Timing:
    """Run ``work`` on every post (after a warm-up) and return the CPU and wall-clock seconds it took.

    The machine is shared: wall-clock time includes waiting for a core while
    other processes run, CPU time (``time.process_time``) does not, so a post
    rate per CPU-second is the one-core throughput whatever else is running.
    """
    for text, platform, account in posts[:200]:
        work(text, platform, account)
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for text, platform, account in posts:
        work(text, platform, account)
    return Timing(time.process_time() - started_cpu, time.perf_counter() - started_wall)


def timed_posts_ms(rules: RuleSet, posts: dict[str, str]) -> dict[str, Timing]:
    """Return, for each post, its slowest check (on X and on LinkedIn) in CPU and wall-clock milliseconds."""
    # Build the patterns made once per process (the Unicode tables) before timing anything.
    check("Warm-up café 🎉👍🏽 中文 #tag @you", platform="x", account_kind="personal", rules=rules)
    times: dict[str, Timing] = {}
    for name, text in posts.items():
        for platform in ("x", "linkedin"):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            check(text, platform=platform, account_kind="personal", rules=rules)
            cpu = (time.process_time() - started_cpu) * 1000
            wall = (time.perf_counter() - started_wall) * 1000
            previous = times.get(name, Timing(0.0, 0.0))
            times[name] = Timing(max(previous.cpu_s, cpu), max(previous.wall_s, wall))
    return times


def run(count: int) -> dict[str, Any]:
    """Return the benchmark's figures for ``count`` posts."""
    terms = organisation_terms()
    rules = rules_with_terms(terms)
    posts = make_posts(count)
    pattern = baseline_pattern(terms)

    def ours_check(text: str, platform: str, account: str) -> None:
        check(text, platform=platform, account_kind=account, rules=rules)

    def baseline_scan(text: str, platform: str, account: str) -> None:
        pattern.findall(text)

    baseline = measure(posts, baseline_scan)
    ours = measure(posts, ours_check)
    adversarial = timed_posts_ms(rules, adversarial_posts())
    unicode_heavy = timed_posts_ms(rules, unicode_heavy_posts())
    worst_name = max(adversarial, key=lambda name: adversarial[name].cpu_s)
    worst = adversarial[worst_name]
    verdicts: Counter[str] = Counter()
    flagging: Counter[str] = Counter()
    for text, platform, account in posts:
        result = check(text, platform=platform, account_kind=account, rules=rules)
        verdicts[result.verdict.value] += 1
        flagging.update({finding.rule_id for finding in result.findings if finding.severity.value != "info"})
    rate = count / ours.cpu_s
    ratio = ours.cpu_s / baseline.cpu_s
    checks = [
        {"name": "posts per CPU-second, one core", "measured": round(rate), "target": 20_000, "unit": "posts/s",
         "met": rate >= 20_000},
        {"name": "CPU time against the one-regex baseline", "measured": round(ratio, 2), "target": 3,
         "unit": "×", "met": ratio <= 3},
        {"name": "slowest 100 KB adversarial post, CPU time", "measured": round(worst.cpu_s, 1), "target": 50,
         "unit": "ms", "met": worst.cpu_s < 50},
    ]  # fmt: skip
    return {
        "posts": count,
        "ours_s": ours.cpu_s,
        "baseline_s": baseline.cpu_s,
        "ratio": ratio,
        "posts_per_s": rate,
        "ours_wall_s": ours.wall_s,
        "baseline_wall_s": baseline.wall_s,
        "posts_per_wall_s": count / ours.wall_s,
        "worst_adversarial_ms": worst.cpu_s,
        "worst_adversarial_wall_ms": worst.wall_s,
        "worst_adversarial_post": worst_name,
        "adversarial_ms": {name: round(value.cpu_s, 1) for name, value in adversarial.items()},
        "adversarial_wall_ms": {name: round(value.wall_s, 1) for name, value in adversarial.items()},
        "unicode_heavy_ms": {name: round(value.cpu_s, 1) for name, value in unicode_heavy.items()},
        "unicode_heavy_wall_ms": {name: round(value.wall_s, 1) for name, value in unicode_heavy.items()},
        "mean_length": statistics.fmean(len(text) for text, _, _ in posts),
        "organisation_terms": len(terms),
        "verdicts": dict(sorted(verdicts.items())),
        "posts_flagged_by_rule": dict(flagging.most_common()),
        "load_average": list(os.getloadavg()),
        "python": sys.version.split()[0],
        "checks": checks,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=50_000, help="how many posts to check (default 50,000)")
    parser.add_argument("--json", action="store_true", help="print the figures as one line of JSON")
    parser.add_argument("--quick", action="store_true", help="check 5,000 posts, a run of well under a minute")
    arguments = parser.parse_args(argv)
    figures = run(5_000 if arguments.quick else arguments.posts)
    if arguments.json:
        # The last line printed is one JSON object (the house convention for benchmarks).
        print(json.dumps(figures, ensure_ascii=False))
        return
    print(
        f"Policy pre-flight check: {figures['posts']:,} posts (mean {figures['mean_length']:.0f} characters), "
        f"default rules + {figures['organisation_terms']} organisation terms"
    )
    print("  (CPU time of this process, the targets' measure; wall-clock time, which includes waiting")
    print(f"   for a core on a shared machine, beside it; load average {figures['load_average'][0]:.1f})")
    print(
        f"  socialu.policycheck   {figures['ours_s']:7.2f} s CPU   {figures['posts_per_s']:>9,.0f} posts/CPU-s"
        f"   | wall {figures['ours_wall_s']:7.2f} s   {figures['posts_per_wall_s']:>9,.0f} posts/s"
    )
    baseline_rate = figures["posts"] / figures["baseline_s"]
    print(
        f"  one-regex baseline    {figures['baseline_s']:7.2f} s CPU   {baseline_rate:>9,.0f} posts/CPU-s"
        f"   | wall {figures['baseline_wall_s']:7.2f} s   (the same terms, one combined pattern)"
    )
    print(f"  ratio ours/baseline   {figures['ratio']:.2f}× CPU   (target ≤ 3×)")
    print(f"  posts per CPU-second  {figures['posts_per_s']:,.0f}   (target ≥ 20,000 on one core)")
    print(
        f"  worst 100 KB adversarial post: {figures['worst_adversarial_ms']:.1f} ms CPU, "
        f"{figures['worst_adversarial_wall_ms']:.1f} ms wall ({figures['worst_adversarial_post']}; target < 50 ms CPU)"
    )
    heavy = ", ".join(
        f"{name} {value:.0f} ms ({figures['unicode_heavy_wall_ms'][name]:.0f} wall)"
        for name, value in figures["unicode_heavy_ms"].items()
    )
    print(f"  100 KB posts heavy in Unicode (not backtracking runs): {heavy}")
    print(f"  verdicts: {figures['verdicts']}")
    flagged = ", ".join(f"{rule} {count:,}" for rule, count in figures["posts_flagged_by_rule"].items())
    print(f"  posts with a warning or block, by rule: {flagged}")
    for item in figures["checks"]:
        print(f"  {'met' if item['met'] else 'NOT MET'}: {item['name']} {item['measured']} {item['unit']}")


if __name__ == "__main__":
    main()
