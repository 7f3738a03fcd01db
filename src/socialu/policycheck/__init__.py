"""Check a social media draft against the organisation's rules before it is posted.

Pure Python: nothing here imports Django or the rest of SocialU, so the checker
runs the same in the sandbox, the browser's API calls, the command line and tests.

    >>> from socialu.policycheck import check, default_rule_set
    >>> result = check("Loving my new TrailShell jacket!", platform="x", account_kind="official",
    ...                rules=default_rule_set())
    >>> result.verdict.value
    'pass'
"""

from socialu.policycheck.checker import check
from socialu.policycheck.model import AccountKind, CheckResult, Finding, Platform, RuleSetError, Severity, Verdict
from socialu.policycheck.ruleset import RuleSet, default_rule_set, load_rule_set

__all__ = [
    "AccountKind",
    "CheckResult",
    "Finding",
    "Platform",
    "RuleSet",
    "RuleSetError",
    "Severity",
    "Verdict",
    "check",
    "default_rule_set",
    "load_rule_set",
]
