"""The guide's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from socialu.policycheck import Verdict, check, default_rule_set, load_rule_set

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "policycheck.md"


def test_the_yaml_example_in_the_guide_loads_and_works() -> None:
    example = re.search(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None
    rules = load_rule_set(example.group(1))
    result = check("Project Falcon, my badge is EX-123456", platform="x", account_kind="personal", rules=rules)
    assert [finding.rule_id for finding in result.findings] == ["confidential-term", "employee-number"]


def test_the_usage_example_in_the_guide_gives_the_verdict_it_shows() -> None:
    result = check(
        "Loving my new TrailShell jacket, get yours now!",
        platform="instagram",
        account_kind="personal",
        rules=default_rule_set(),
    )
    assert result.verdict is Verdict.WARN


def test_rule_sets_can_be_used_as_dictionary_keys() -> None:
    cache = {default_rule_set(): "compiled"}
    assert cache[load_rule_set(default_rule_set().to_yaml())] == "compiled"
