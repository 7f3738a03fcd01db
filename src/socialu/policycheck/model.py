"""Define the values the checker takes and returns: severities, verdicts, findings and results."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class RuleSetError(ValueError):
    """Report a rule set that cannot be used, naming the rule and the field at fault."""


class Severity(enum.StrEnum):
    """Say how serious a finding is: ``block`` stops a post, ``warn`` asks for a second look, ``info`` only informs."""

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        """Return 0 for info, 1 for warn and 2 for block, so severities can be compared."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARN: 1, Severity.BLOCK: 2}


class Verdict(enum.StrEnum):
    """Say what should happen to a draft: publish it, look again, or stop."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    BLOCK = "block"

    @classmethod
    def from_findings(cls, findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
        """Return the verdict for the worst severity found; info findings leave a pass as a pass."""
        worst = max((finding.severity.rank for finding in findings), default=0)
        if worst == 2:
            return cls.BLOCK
        if worst == 1:
            return cls.WARN
        return cls.PASS


class Platform(enum.StrEnum):
    """Name the platforms whose limits the checker knows."""

    X = "x"
    LINKEDIN = "linkedin"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"

    @classmethod
    def parse(cls, value: Platform | str) -> Platform:
        """Return the platform for ``value``, accepting any case and "twitter" for X."""
        if isinstance(value, Platform):
            return value
        known = _PLATFORMS_BY_NAME.get(value)
        if known is not None:
            return known
        key = str(value).strip().lower()
        key = _PLATFORM_ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            raise ValueError(f"Unknown platform {value!r}: choose one of {choices}.") from None


_PLATFORM_ALIASES = {"twitter": "x", "x.com": "x", "yt": "youtube", "ig": "instagram", "fb": "facebook"}
_PLATFORMS_BY_NAME: dict[object, Platform] = {platform.value: platform for platform in Platform}


class AccountKind(enum.StrEnum):
    """Say whose account a post goes out on: a person's own, or the organisation's."""

    PERSONAL = "personal"
    OFFICIAL = "official"

    @classmethod
    def parse(cls, value: AccountKind | str) -> AccountKind:
        """Return the account kind for ``value``, accepting any case."""
        if isinstance(value, AccountKind):
            return value
        known = _ACCOUNT_KINDS_BY_NAME.get(value)
        if known is not None:
            return known
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"Unknown account kind {value!r}: choose 'personal' or 'official'.") from None


_ACCOUNT_KINDS_BY_NAME: dict[object, AccountKind] = {kind.value: kind for kind in AccountKind}


@dataclass(frozen=True, slots=True)
class Finding:
    """Describe one problem: which rule, how serious, where in the original text, and what to do."""

    rule_id: str
    category: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    fix: str

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON-ready values."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Hold the verdict on a draft and the findings behind it, ordered by where they start."""

    verdict: Verdict
    findings: tuple[Finding, ...]
    platform: Platform
    account_kind: AccountKind
    length: int

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready values."""
        return {
            "verdict": self.verdict.value,
            "platform": self.platform.value,
            "account_kind": self.account_kind.value,
            "length": self.length,
            "findings": [finding.to_dict() for finding in self.findings],
        }
