"""Check a draft against a rule set."""

from __future__ import annotations

import datetime
import itertools

from socialu.policycheck.model import AccountKind, CheckResult, Finding, Platform, Verdict
from socialu.policycheck.rules.base import MAX_FINDINGS_PER_RULE, Context
from socialu.policycheck.ruleset import RuleSet
from socialu.policycheck.text import fold, grapheme_length

__all__ = ["MAX_FINDINGS_PER_RULE", "check"]


def check(
    text: str,
    *,
    platform: Platform | str,
    account_kind: AccountKind | str,
    rules: RuleSet,
    today: datetime.date | None = None,
) -> CheckResult:
    """Return the verdict on ``text`` posted to ``platform`` from an account of ``account_kind``.

    ``today`` decides which sensitive events are active; it defaults to the
    current date. Raise ``ValueError`` for an unknown platform or account kind.
    """
    if not isinstance(text, str):
        raise TypeError(f"check() needs the draft as text, not {type(text).__name__}")
    chosen_platform = Platform.parse(platform)
    chosen_kind = AccountKind.parse(account_kind)
    compiled = rules.compiled
    folded = fold(text)
    gate = folded.gate = compiled.index.gate(folded)
    context = Context(
        text,
        folded,
        platform=chosen_platform,
        account_kind=chosen_kind,
        today=today,
        promotional_cues=compiled.promotional_cues,
        link_gate=compiled.link_gate,
    )
    # One pass of the automaton and one of the RE2 set say which checkers could find anything; only those run.
    checkers = compiled.checkers
    findings: list[Finding] = []
    for position in compiled.dispatch.chosen(gate):
        found = (finding for finding in checkers[position](context) if finding is not None)
        findings.extend(itertools.islice(found, MAX_FINDINGS_PER_RULE))
    findings.sort(key=lambda finding: (finding.start, -finding.severity.rank, finding.end, finding.rule_id))
    return CheckResult(
        verdict=Verdict.from_findings(findings),
        findings=tuple(findings),
        platform=chosen_platform,
        account_kind=chosen_kind,
        length=grapheme_length(text),
    )
