"""Flag topics a post should not touch, or not from every account: rules made of words and patterns.

A topic rule lists phrases and patterns; a post that holds one is flagged,
optionally only when it also holds one of ``with_phrases``/``with_patterns``
(a tragedy *and* a sales pitch) and never when it holds one of
``unless_phrases``/``unless_patterns`` (a promotion that says "#ad"). A rule
can apply to personal accounts, official ones or both, with a different
severity for each, so an official account can be held to a stricter standard
than a person's own.

Several rule kinds are lists of topic rules: ``financial`` (market-moving
information), ``politics``, ``internal`` (layoffs, internal turmoil, leaks as
they happen) and ``promotion`` (paid promotion without a disclosure; its
findings are in the ``disclosure`` category). Tone uses two more: replies that
dismiss a customer, and stereotypes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import AccountKind, Finding, RuleSetError, Severity
from socialu.policycheck.rules.base import MAX_FINDINGS_PER_RULE, Checker, Context, Rule, active, gated
from socialu.policycheck.schema import REGEX


@dataclass(frozen=True, kw_only=True)
class TopicRule(Rule):
    """Flag ``phrases`` and ``patterns``; see the module's description for the other fields."""

    phrases: tuple[str, ...] = ()
    patterns: Annotated[tuple[str, ...], REGEX] = ()
    with_phrases: tuple[str, ...] = ()
    with_patterns: Annotated[tuple[str, ...], REGEX] = ()
    unless_phrases: tuple[str, ...] = ()
    unless_patterns: Annotated[tuple[str, ...], REGEX] = ()
    account_kinds: tuple[AccountKind, ...] = (AccountKind.PERSONAL, AccountKind.OFFICIAL)
    personal_severity: Severity | None = None
    official_severity: Severity | None = None

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for a rule with nothing to look for or no account to apply to."""
        super().validate(path)
        if self.enabled and not (self.phrases or self.patterns):
            raise RuleSetError(f"{path}.phrases: list at least one phrase or pattern the rule looks for")
        if not self.account_kinds:
            raise RuleSetError(f"{path}.account_kinds: list the accounts the rule applies to: personal, official")

    def severity_for(self, account_kind: AccountKind) -> Severity:
        """Return the severity of a finding on a post from ``account_kind``."""
        chosen = self.official_severity if account_kind is AccountKind.OFFICIAL else self.personal_severity
        return chosen or self.severity


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: TopicRule
    topic: PhraseMatcher
    required: PhraseMatcher | None
    exceptions: PhraseMatcher | None


def _compile(rule: TopicRule) -> _Compiled:
    required = PhraseMatcher(rule.with_phrases, rule.with_patterns)
    exceptions = PhraseMatcher(rule.unless_phrases, rule.unless_patterns)
    return _Compiled(
        rule, PhraseMatcher(rule.phrases, rule.patterns), required or None, exceptions or None
    )  # fmt: skip


def findings(context: Context, compiled: _Compiled, category: str) -> Iterator[Finding | None]:
    """Yield the findings of one compiled topic rule on the draft in ``context``."""
    rule = compiled.rule
    if context.account_kind not in rule.account_kinds:
        return
    found = compiled.topic.find(context.folded)
    if not found:
        return
    if compiled.required is not None and not compiled.required.find(context.folded):
        return
    if compiled.exceptions is not None and compiled.exceptions.find(context.folded):
        return
    severity = rule.severity_for(context.account_kind)
    for match in found:
        yield context.finding(rule, category, match.start, match.end, severity=severity)


def compile_checker(rule: TopicRule | None, category: str) -> Checker | None:
    """Return the checker for one topic rule, or None when it is missing or off."""
    if rule is None or not active(rule):
        return None
    compiled = _compile(rule)

    def check(context: Context) -> Iterator[Finding | None]:
        yield from findings(context, compiled, category)

    return gated(check, compiled.topic)


def compile_checkers(rules: tuple[TopicRule, ...], category: str) -> list[Checker]:
    """Return one checker running every topic rule of a kind that is on (one call per draft, not one per rule)."""
    compiled = [_compile(rule) for rule in rules if active(rule)]
    if not compiled:
        return []

    def check(context: Context) -> Iterator[Finding | None]:
        for item in compiled:
            if context.account_kind in item.rule.account_kinds and item.topic.may_match(context.folded):
                yield from itertools.islice(findings(context, item, category), MAX_FINDINGS_PER_RULE)

    return [gated(check, *(item.topic for item in compiled))]
