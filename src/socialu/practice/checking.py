"""Run the pre-flight check on a practice draft: the organisation's rules plus the scenario's traps."""

from __future__ import annotations

import re
from collections.abc import Iterable

from socialu.core.models import Organisation
from socialu.policycheck import CheckResult, Finding, Severity, Verdict, check, default_rule_set
from socialu.practice.drafting import MAX_SUBMIT_CHARACTERS
from socialu.practice.models import Scenario
from socialu.practice.scenario_files import ScenarioData
from socialu.preflight.presenting import CheckView, length_limit
from socialu.preflight.selectors import rule_set_for

TRAP_RULE_ID = "scenario-trap"


def trap_findings(text: str, traps: list[str]) -> list[Finding]:
    """Return a warning for every place *text* uses a phrase this scenario's brief warns against."""
    findings: list[Finding] = []
    for trap in traps:
        phrase = trap.strip()
        if not phrase:
            continue
        pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            findings.append(
                Finding(
                    rule_id=TRAP_RULE_ID,
                    category="scenario_trap",
                    severity=Severity.WARN,
                    start=match.start(),
                    end=match.end(),
                    excerpt=match.group(0),
                    message=f"“{phrase}” is a trap in this scenario: a weak answer often says it.",
                    fix="Read the brief again: say only what you know and may say.",
                )
            )
    return findings


def draft_check(*, organisation: Organisation, scenario: Scenario, text: str) -> CheckView | None:
    """Return the pre-flight check of *text* for *scenario*, or None when it is too long to check."""
    if len(text) > MAX_SUBMIT_CHARACTERS:
        return None
    rules = rule_set_for(organisation=organisation)
    result = check(text, platform=scenario.platform, account_kind=scenario.account_kind, rules=rules)
    traps = trap_findings(text, list(scenario.policy_traps or []))
    if traps:
        findings = sorted([*result.findings, *traps], key=lambda f: (f.start, -f.severity.rank, f.end, f.rule_id))
        result = CheckResult(
            verdict=Verdict.from_findings(findings),
            findings=tuple(findings),
            platform=result.platform,
            account_kind=result.account_kind,
            length=result.length,
        )
    return CheckView(result=result, text=text, limit=length_limit(rules, result.platform))


def model_answer_problems(scenarios: Iterable[ScenarioData]) -> list[str]:
    """Return a line for every warning or block the default rules find in a scenario's model answer."""
    rules = default_rule_set()
    problems: list[str] = []
    for scenario in scenarios:
        result = check(
            scenario.model_answer, platform=scenario.platform, account_kind=scenario.account_kind, rules=rules
        )
        problems.extend(
            f"{scenario.slug}.yaml: model_answer: {finding.severity.value}: {finding.message} (“{finding.excerpt}”)"
            for finding in result.findings
            if finding.severity is not Severity.INFO
        )
    return problems
