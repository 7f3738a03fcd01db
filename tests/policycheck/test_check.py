"""The checker's public API: verdicts from the worst finding, findings in text order, JSON-ready results."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from socialu import policycheck
from socialu.policycheck import AccountKind, Platform, RuleSet, Severity, Verdict, check, load_rule_set
from tests.policycheck.support import rule_ids, run


def severity_rules(*severities: str) -> RuleSet:
    """Return a rule set with one confidential-style rule per severity: term ``<severity>word``."""
    return load_rule_set(
        {
            "rules": {
                "claims": [
                    {"id": f"{name}-rule", "severity": name, "message": "m", "fix": "f", "phrases": [f"{name}word"]}
                    for name in severities
                ]
            }
        }
    )


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("nothing here", Verdict.PASS),
        ("infoword", Verdict.PASS),
        ("infoword warnword", Verdict.WARN),
        ("warnword blockword infoword", Verdict.BLOCK),
        ("blockword", Verdict.BLOCK),
    ],
)
def test_the_verdict_is_the_worst_severity_found_and_info_leaves_a_pass(text: str, verdict: Verdict) -> None:
    rules = severity_rules("info", "warn", "block")
    assert run(text, rules=rules).verdict is verdict


def test_findings_are_sorted_by_where_they_start() -> None:
    result = run("Call 555-123-4567 about Project Falcon, you idiot, via bit.ly/x")
    starts = [finding.start for finding in result.findings]
    assert starts == sorted(starts)
    assert {"personal-phone", "confidential-term", "tone-hostile", "link-shortener"} <= rule_ids(result)


def test_a_clean_post_passes_with_no_findings() -> None:
    result = run("Three days on the Ridgeline trail and the views were worth every step.", platform="x")
    assert result.verdict is Verdict.PASS
    assert result.findings == ()


def test_the_result_converts_to_json() -> None:
    result = run("Project Falcon 🎉", platform="x", account_kind="personal")
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["verdict"] == "block"
    assert data["platform"] == "x"
    assert data["account_kind"] == "personal"
    assert data["length"] == 16
    (finding,) = data["findings"]
    assert finding == {
        "rule_id": "confidential-term",
        "category": "confidential",
        "severity": "block",
        "start": 0,
        "end": 14,
        "excerpt": "Project Falcon",
        "message": "“Project Falcon” is confidential and must not be posted anywhere public.",
        "fix": "Remove it. If you need to talk about this work, ask the communications team what can be said.",
    }


def test_enums_and_plain_strings_are_both_accepted(rules: RuleSet) -> None:
    by_enum = check("hello", platform=Platform.X, account_kind=AccountKind.PERSONAL, rules=rules)
    by_text = check("hello", platform="X", account_kind="Personal", rules=rules)
    assert by_enum == by_text


def test_an_unknown_account_kind_is_a_clear_error(rules: RuleSet) -> None:
    with pytest.raises(ValueError, match="choose 'personal' or 'official'"):
        check("hello", platform="x", account_kind="robot", rules=rules)


def test_severities_compare_by_rank() -> None:
    assert Severity.INFO.rank < Severity.WARN.rank < Severity.BLOCK.rank


def test_the_public_api_is_small_and_complete() -> None:
    assert sorted(policycheck.__all__) == sorted(
        [
            "check",
            "load_rule_set",
            "default_rule_set",
            "RuleSet",
            "Finding",
            "CheckResult",
            "Verdict",
            "Severity",
            "Platform",
            "AccountKind",
            "RuleSetError",
        ]
    )


def test_the_checker_imports_nothing_from_django_or_the_rest_of_socialu() -> None:
    code = (
        "import sys, socialu.policycheck as p\n"
        "p.check('Project Falcon', platform='x', account_kind='personal', rules=p.default_rule_set())\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django'"
        " or (m.startswith('socialu.') and not m.startswith('socialu.policycheck'))]\n"
        "print(bad)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
