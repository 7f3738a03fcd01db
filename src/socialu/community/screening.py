"""Run what a person writes through the organisation's pre-flight rules before it is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialu.core.models import Organisation
from socialu.policycheck import AccountKind, Platform, Verdict, check
from socialu.preflight.selectors import rule_set_for

# A post in the community is not bound by any network's length limit.
IGNORED_CATEGORIES = frozenset({"platform_limits"})


@dataclass(frozen=True)
class Screening:
    """The pre-flight verdict on a piece of writing and the findings behind it (as plain dicts)."""

    verdict: Verdict
    findings: list[dict[str, Any]]


def screen(*, organisation: Organisation, text: str, platform: str = "") -> Screening:
    """Return the verdict of the organisation's rules on *text*, as written by a person in their own name."""
    try:
        target = Platform.parse(platform) if platform else Platform.LINKEDIN
    except ValueError:
        target = Platform.LINKEDIN
    result = check(
        text, platform=target, account_kind=AccountKind.PERSONAL, rules=rule_set_for(organisation=organisation)
    )
    kept = [finding for finding in result.findings if finding.category not in IGNORED_CATEGORIES]
    return Screening(verdict=Verdict.from_findings(kept), findings=[finding.to_dict() for finding in kept])
