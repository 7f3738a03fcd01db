"""Keep promotional posts away from tragedies and sensitive topics the organisation lists."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import AccountKind, Finding, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated

CATEGORY = "sensitive_events"


@dataclass(frozen=True, kw_only=True)
class SensitiveEvent:
    """Name a tragedy or sensitive topic, the terms that refer to it and, optionally, when it is sensitive.

    ``strict_for_official``: a mention from an official account gets the
    ``official_mention`` rule (a death, violence, war), not the gentler
    ``mention`` one (a flood a store is helping with, a day of remembrance).
    """

    name: str
    terms: tuple[str, ...]
    active_from: datetime.date | None = None
    active_until: datetime.date | None = None
    strict_for_official: bool = False

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for an event without terms or with its dates the wrong way round."""
        if not self.terms:
            raise RuleSetError(f"{path}.terms: list at least one term that refers to {self.name!r}")
        if self.active_from and self.active_until and self.active_from > self.active_until:
            raise RuleSetError(f"{path}.active_until: the end date is before active_from")

    def is_active(self, today: datetime.date) -> bool:
        """Return whether the event is sensitive on ``today``."""
        if self.active_from is not None and today < self.active_from:
            return False
        return self.active_until is None or today <= self.active_until


@dataclass(frozen=True, kw_only=True)
class SensitiveEventRules:
    """Group the findings: promotion riding on an event (``promotional``), any mention (``mention``).

    ``official_mention``, when set, replaces ``mention`` for posts from an
    official account: an organisation commenting on a death or a disaster is
    held to a stricter standard than a person.
    """

    promotional: Rule | None = None
    mention: Rule | None = None
    official_mention: Rule | None = None
    events: tuple[SensitiveEvent, ...] = ()


def compile_checkers(rules: SensitiveEventRules | None) -> list[Checker]:
    """Return the sensitive-events checker, if there are events and a rule is on."""
    if rules is None or not rules.events:
        return []
    promotional = rules.promotional if rules.promotional is not None and active(rules.promotional) else None
    mention = rules.mention if rules.mention is not None and active(rules.mention) else None
    official = rules.official_mention if rules.official_mention is not None and active(rules.official_mention) else None
    if promotional is None and mention is None and official is None:
        return []
    matchers = [(event, PhraseMatcher(event.terms)) for event in rules.events]

    def check(context: Context) -> Iterator[Finding | None]:
        for event, matcher in matchers:
            if not event.is_active(context.today):
                continue
            found = matcher.find(context.folded)
            if not found:
                continue
            rule = promotional if promotional is not None and context.promotional else None
            if rule is None:
                strict = official is not None and event.strict_for_official
                rule = official if strict and context.account_kind is AccountKind.OFFICIAL else mention
            if rule is None:
                continue
            for match in found:
                yield context.finding(rule, CATEGORY, match.start, match.end, event=event.name)

    return [gated(check, *(matcher for _, matcher in matchers))]
