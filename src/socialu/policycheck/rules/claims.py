"""Catch claims the organisation has not approved: guarantees, superlatives, forecasts, medical and legal promises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import Finding
from socialu.policycheck.rules.base import Checker, Context, Rule, active
from socialu.policycheck.schema import REGEX

CATEGORY = "claims"


@dataclass(frozen=True, kw_only=True)
class ClaimRule(Rule):
    """List one kind of claim as plain phrases and regular expressions (matched against the folded text)."""

    phrases: tuple[str, ...] = ()
    patterns: Annotated[tuple[str, ...], REGEX] = ()


def compile_checkers(rules: tuple[ClaimRule, ...]) -> list[Checker]:
    """Return one checker for each claim rule that is on."""
    checkers: list[Checker] = []
    for rule in rules:
        if not active(rule):
            continue
        matcher = PhraseMatcher(rule.phrases, rule.patterns)
        if matcher:
            checkers.append(_checker(rule, matcher))
    return checkers


def _checker(rule: ClaimRule, matcher: PhraseMatcher) -> Checker:
    def check(context: Context) -> Iterator[Finding | None]:
        for match in matcher.find(context.folded):
            yield context.finding(rule, CATEGORY, match.start, match.end)

    return check
