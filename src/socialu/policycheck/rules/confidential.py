"""Stop confidential names (projects, forecasts, dates) from being posted, however they are written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import Finding
from socialu.policycheck.rules.base import ALL_READINGS, Checker, Context, Rule, active, gated

CATEGORY = "confidential"


@dataclass(frozen=True, kw_only=True)
class ConfidentialRule(Rule):
    """List terms that must never appear in a post.

    Terms match whole-word and ignoring case, however they are spaced, hyphenated,
    joined into a hashtag, spelled out ("P R O J E C T") or written in leetspeak.
    """

    terms: tuple[str, ...] = ()


def compile_checkers(rule: ConfidentialRule | None) -> list[Checker]:
    """Return the checker for the confidential terms, if the rule is on."""
    if rule is None or not active(rule) or not rule.terms:
        return []
    matcher = PhraseMatcher(rule.terms)

    def check(context: Context) -> Iterator[Finding | None]:
        for match in matcher.find(context.folded, leet=True, spaced=True):
            yield context.finding(rule, CATEGORY, match.start, match.end)

    return [gated(check, (matcher, ALL_READINGS))]
