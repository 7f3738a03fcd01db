"""Check a draft from the command line: ``python -m socialu.policycheck --platform x --account personal "text"``.

Read the draft from the argument, or from standard input when it is missing or
``-``. Exit with 0 when the verdict is below ``--fail-on`` (block unless told),
1 when it is not, and 2 when the command, the draft (empty) or the rule set is
wrong.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from socialu.policycheck import AccountKind, Platform, RuleSetError, Verdict, check, default_rule_set, load_rule_set

_RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.BLOCK: 2}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m socialu.policycheck", description="Check a social media draft against the rules."
    )
    parser.add_argument("text", nargs="?", default="-", help="the draft; '-' or nothing reads standard input")
    parser.add_argument("--platform", required=False, default="x", choices=[item.value for item in Platform])
    parser.add_argument("--account", default="personal", choices=[item.value for item in AccountKind])
    parser.add_argument("--rules", type=Path, help="a rule set in YAML (the default rule set unless given)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="the date for sensitive events, YYYY-MM-DD")
    parser.add_argument("--fail-on", choices=["warn", "block"], default="block", help="the verdict that exits with 1")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--print-default-rules", action="store_true", help="print the default rule set and stop")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit status."""
    arguments = _parser().parse_args(argv)
    if arguments.print_default_rules:
        sys.stdout.write(default_rule_set().to_yaml())
        return 0
    try:
        rules = load_rule_set(arguments.rules.read_text(encoding="utf-8")) if arguments.rules else default_rule_set()
    except (OSError, RuleSetError) as error:
        print(f"The rule set cannot be used: {error}", file=sys.stderr)
        return 2
    text = sys.stdin.read() if arguments.text == "-" else arguments.text
    if not text.strip():
        print("The draft is empty: give the words to check, or pipe them in.", file=sys.stderr)
        return 2
    result = check(
        text, platform=arguments.platform, account_kind=arguments.account, rules=rules, today=arguments.today
    )
    if arguments.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        count = len(result.findings)
        print(f"{result.verdict.value.upper()}: {count} finding{'s' if count != 1 else ''}")
        for finding in result.findings:
            print(f"  [{finding.severity.value}] {finding.rule_id} at {finding.start}-{finding.end}: {finding.message}")
            print(f"      Fix: {finding.fix}")
    return 1 if _RANK[result.verdict] >= _RANK[Verdict(arguments.fail_on)] else 0


if __name__ == "__main__":
    sys.exit(main())
