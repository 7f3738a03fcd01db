"""Define what every rule has in common and the context a draft is checked in."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from socialu.policycheck.matching import Match, PhraseMatcher
from socialu.policycheck.model import AccountKind, Finding, Platform, RuleSetError, Severity
from socialu.policycheck.text import FoldedText, View
from socialu.policycheck.urls import Link, find_links

# A draft that repeats a confidential term a thousand times needs fixing, not a thousand highlights:
# each rule reports at most this many places, which also bounds the work on a pasted or hostile text.
MAX_FINDINGS_PER_RULE = 50


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Say what a rule is called, how serious a finding is, and what to tell the person.

    ``message`` and ``fix`` may use placeholders the checker fills in, such as
    ``{match}`` for the words found.
    """

    id: str
    severity: Severity
    message: str
    fix: str
    enabled: bool = True

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` if the rule's settings do not make sense together."""
        if not self.id.strip():
            raise RuleSetError(f"{path}.id: give the rule an id, such as 'confidential-term'")
        if not self.message.strip():
            raise RuleSetError(f"{path}.message: say what the problem is in a sentence a person understands")


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


class Context:
    """Hold a draft being checked and what several rules share about it, worked out once."""

    def __init__(
        self,
        text: str,
        folded: FoldedText,
        *,
        platform: Platform,
        account_kind: AccountKind,
        today: datetime.date | None,
        promotional_cues: PhraseMatcher,
        link_gate: int | None = None,
    ) -> None:
        """Prepare the context for one draft; ``link_gate`` is the rule set's pattern every link matches."""
        self.text = text
        self.folded = folded
        self.platform = platform
        self.account_kind = account_kind
        self._today = today
        self._promotional_cues = promotional_cues
        self._promotional: list[Match] | None = None
        self._links: list[Link] | None = None
        self._link_gate = link_gate

    @property
    def today(self) -> datetime.date:
        """Return the day the draft is checked on (today, unless the caller gave a day), worked out once."""
        if self._today is None:
            self._today = datetime.datetime.now(tz=datetime.UTC).date()
        return self._today

    @property
    def promotional(self) -> list[Match]:
        """Return the promotional cue words ("buy", "discount", "link in bio"…) in the draft."""
        if self._promotional is None:
            self._promotional = self._promotional_cues.find(self.folded)
        return self._promotional

    @property
    def links(self) -> list[Link]:
        """Return the links in the draft."""
        if self._links is None:
            gate = self.folded.gate
            if self._link_gate is not None and gate is not None and self._link_gate not in gate.patterns():
                self._links = []
            else:
                self._links = find_links(self.folded)
        return self._links

    def finding(
        self, rule: Rule, category: str, start: int, end: int, *, severity: Severity | None = None, **values: object
    ) -> Finding | None:
        """Return a finding for the folded span ``start:end``, or None for an empty span.

        ``severity`` overrides the rule's own (a rule stricter for official accounts).
        """
        if end <= start:
            return None
        original_start, original_end = self.folded.span(start, end)
        return self.finding_at(rule, category, original_start, original_end, severity=severity, **values)

    def finding_at(
        self, rule: Rule, category: str, start: int, end: int, *, severity: Severity | None = None, **values: object
    ) -> Finding | None:
        """Return a finding for the original span ``start:end``, or None for an empty span."""
        if end <= start:
            return None
        excerpt = self.text[start:end]
        filled = _Blank(values)
        filled.setdefault("match", excerpt)
        filled.setdefault("platform", _PLATFORM_NAMES[self.platform])
        return Finding(
            rule_id=rule.id,
            category=category,
            severity=severity or rule.severity,
            start=start,
            end=end,
            excerpt=excerpt,
            message=rule.message.format_map(filled),
            fix=rule.fix.format_map(filled),
        )


_PLATFORM_NAMES = {
    Platform.X: "X",
    Platform.LINKEDIN: "LinkedIn",
    Platform.INSTAGRAM: "Instagram",
    Platform.FACEBOOK: "Facebook",
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
}

Checker = Callable[[Context], Iterable[Finding | None]]

ALL_READINGS: tuple[View, ...] = ("plain", "leet", "spaced")


@dataclass(frozen=True, slots=True)
class GatedChecker:
    """A checker that can find something only when one of its matchers or patterns may match the draft.

    ``matchers`` pairs each matcher with the readings the checker looks at it in (plain, leetspeak,
    spelled out); ``patterns`` are the numbers of the RE2 patterns in the rule set's index that must
    match for the checker to find anything (None: a pattern the set cannot hold, so the checker always
    runs). The rule set runs a gated checker only when the draft's one pass says it may find something;
    a checker without a gate runs on every draft and rules itself out.
    """

    run: Checker
    matchers: tuple[tuple[PhraseMatcher, tuple[View, ...]], ...] = ()
    patterns: tuple[int | None, ...] = ()

    def __call__(self, context: Context) -> Iterable[Finding | None]:
        """Run the checker on the draft in ``context``."""
        return self.run(context)


def gated(
    run: Checker,
    *matchers: PhraseMatcher | tuple[PhraseMatcher, tuple[View, ...]],
    patterns: Iterable[int | None] = (),
) -> GatedChecker:
    """Return ``run`` gated by ``matchers`` (plain reading unless a tuple gives the readings) and ``patterns``."""
    pairs = tuple(item if isinstance(item, tuple) else (item, ("plain",)) for item in matchers)
    return GatedChecker(run, pairs, tuple(patterns))


def active(rule: Rule | None) -> bool:
    """Return whether ``rule`` is present and switched on."""
    return rule is not None and rule.enabled
