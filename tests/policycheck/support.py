"""Run the checker the way the tests need it and read its findings."""

from __future__ import annotations

import datetime

from socialu.policycheck import CheckResult, RuleSet, check, default_rule_set

# A fixed day, so tests about dated sensitive events do not depend on when they run.
TODAY = datetime.date(2026, 3, 1)


def run(
    text: str,
    *,
    platform: str = "linkedin",
    account_kind: str = "official",
    rules: RuleSet | None = None,
    today: datetime.date = TODAY,
) -> CheckResult:
    """Check ``text`` (default rules unless others are given) and assert every finding's span is exact."""
    result = check(text, platform=platform, account_kind=account_kind, rules=rules or default_rule_set(), today=today)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.excerpt == text[finding.start : finding.end]
    return result


def found(result: CheckResult, rule_id: str) -> list[str]:
    """Return the excerpts of the findings of ``rule_id``, in order."""
    return [finding.excerpt for finding in result.findings if finding.rule_id == rule_id]


def rule_ids(result: CheckResult) -> set[str]:
    """Return the ids of the rules that found something."""
    return {finding.rule_id for finding in result.findings}
