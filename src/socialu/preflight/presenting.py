"""Turn a check result into what the pages show: the draft with each finding marked, and the limits."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socialu.policycheck import AccountKind, CheckResult, Finding, Platform, RuleSet, Severity

PLATFORM_LABELS = {
    Platform.X: "X",
    Platform.LINKEDIN: "LinkedIn",
    Platform.INSTAGRAM: "Instagram",
    Platform.FACEBOOK: "Facebook",
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
}
ACCOUNT_LABELS = {AccountKind.PERSONAL: "My personal account", AccountKind.OFFICIAL: "An official account"}
VERDICT_ADVICE = {
    "pass": "This post can go out.",
    "warn": "Look again before posting.",
    "block": "Do not post this as it is.",
}


def highlighted(text: str, findings: tuple[Finding, ...] | list[Finding]) -> SafeString:
    """Return *text* as HTML with every finding's words inside ``<mark>``.

    The original text is cut at every finding's start and end, each piece is
    escaped on its own, and a piece covered by one or more findings gets its own
    ``<mark>`` (classed by the worst severity), so overlapping findings never
    nest or cross tags.
    """
    cuts = {0, len(text)}
    for finding in findings:
        cuts.add(max(0, min(finding.start, len(text))))
        cuts.add(max(0, min(finding.end, len(text))))
    bounds = sorted(cuts)
    parts: list[str] = []
    for start, end in itertools.pairwise(bounds):
        piece = escape(text[start:end])
        covering = [finding for finding in findings if finding.start <= start and end <= finding.end]
        if not covering:
            parts.append(piece)
            continue
        worst = max(covering, key=lambda finding: finding.severity.rank).severity
        rules = " ".join(sorted({finding.rule_id for finding in covering}))
        parts.append(f'<mark class="finding-{worst.value}" title="{escape(rules)}">{piece}</mark>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text was escaped above


def result_dict(result: CheckResult) -> dict[str, Any]:
    """Return the result as JSON-ready values, each finding's fix named ``suggestion`` (the API's shape)."""
    data = result.to_dict()
    for finding in data["findings"]:
        finding["suggestion"] = finding.pop("fix")
    return data


def length_limit(rules: RuleSet, platform: Platform) -> int | None:
    """Return the platform's maximum length in the rule set, or None when it sets none."""
    limits = rules.rules.platform_limits
    if limits is None or platform not in limits.platforms:
        return None
    return limits.platforms[platform].max_length


def platform_limits(rules: RuleSet) -> dict[str, int | None]:
    """Return every platform's maximum length in the rule set, by platform value."""
    return {platform.value: length_limit(rules, platform) for platform in Platform}


@dataclass(frozen=True)
class CheckView:
    """Everything the findings partial shows for one check."""

    result: CheckResult
    text: str
    limit: int | None

    @property
    def verdict(self) -> str:
        return self.result.verdict.value

    @property
    def verdict_advice(self) -> str:
        return VERDICT_ADVICE[self.result.verdict.value]

    @property
    def marked_text(self) -> SafeString:
        return highlighted(self.text, self.result.findings)

    @property
    def findings(self) -> list[tuple[Finding, str]]:
        """Return each finding with its category in words ("personal data")."""
        return [(finding, finding.category.replace("_", " ")) for finding in self.result.findings]

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.result.length > self.limit

    @property
    def platform_label(self) -> str:
        return PLATFORM_LABELS[self.result.platform]

    @property
    def counts(self) -> dict[str, int]:
        return {
            severity.value: sum(1 for finding in self.result.findings if finding.severity is severity)
            for severity in Severity
        }
