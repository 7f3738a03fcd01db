"""Catch claims the organisation has not approved: guarantees, superlatives, forecasts, medical and legal promises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import Finding
from socialu.policycheck.rules.base import MAX_FINDINGS_PER_RULE, Checker, Context, Rule, active, gated
from socialu.policycheck.schema import REGEX

CATEGORY = "claims"


@dataclass(frozen=True, kw_only=True)
class ClaimRule(Rule):
    """List one kind of claim as plain phrases and regular expressions (matched against the folded text)."""

    phrases: tuple[str, ...] = ()
    patterns: Annotated[tuple[str, ...], REGEX] = ()


def compile_checkers(rules: tuple[ClaimRule, ...]) -> list[Checker]:
    """Return one checker running every claim rule that is on, each rule's findings in turn."""
    compiled = [(rule, PhraseMatcher(rule.phrases, rule.patterns)) for rule in rules if active(rule)]
    compiled = [(rule, matcher) for rule, matcher in compiled if matcher]
    if not compiled:
        return []

    def check(context: Context) -> Iterator[Finding | None]:
        for rule, matcher in compiled:
            for match in matcher.find(context.folded)[:MAX_FINDINGS_PER_RULE]:
                yield context.finding(rule, CATEGORY, match.start, match.end)

    return [gated(check, *(matcher for _, matcher in compiled))]
