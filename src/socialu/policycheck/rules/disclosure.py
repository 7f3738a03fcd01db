"""Ask people who promote the organisation from their own account to say that they work there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import AccountKind, Finding, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated
from socialu.policycheck.schema import REGEX

CATEGORY = "disclosure"


@dataclass(frozen=True, kw_only=True)
class DisclosureRule(Rule):
    """Require a disclosure when a post names a brand term next to a promotional cue.

    A post counts as promotional when it mentions one of ``brand_terms`` and one
    of the rule set's promotional cues ("buy", "discount", "link in bio"…). It is
    disclosed when it holds one of ``disclosure_phrases`` or matches one of
    ``disclosure_patterns``. Only posts from ``account_kinds`` are checked: an
    official account speaks for the organisation already.
    """

    brand_terms: tuple[str, ...] = ()
    disclosure_phrases: tuple[str, ...] = ()
    disclosure_patterns: Annotated[tuple[str, ...], REGEX] = ()
    account_kinds: tuple[AccountKind, ...] = (AccountKind.PERSONAL,)

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` unless there is something to look for and a way to disclose."""
        super().validate(path)
        if self.enabled and self.brand_terms and not (self.disclosure_phrases or self.disclosure_patterns):
            raise RuleSetError(f"{path}.disclosure_phrases: list at least one way to disclose, such as '#ad'")


def compile_checkers(rule: DisclosureRule | None) -> list[Checker]:
    """Return the disclosure checker, if the rule is on."""
    if rule is None or not active(rule) or not rule.brand_terms:
        return []
    brands = PhraseMatcher(rule.brand_terms)
    disclosures = PhraseMatcher(rule.disclosure_phrases, rule.disclosure_patterns)

    def check(context: Context) -> Iterator[Finding | None]:
        if context.account_kind not in rule.account_kinds or not brands.may_match(context.folded):
            return
        # Promotional cues are rarer than brand names in the organisation's own staff's posts: test them first.
        if not context.promotional:
            return
        mentions = brands.find(context.folded)
        if not mentions or disclosures.find(context.folded):
            return
        first = mentions[0]
        yield context.finding(rule, CATEGORY, first.start, first.end)

    return [gated(check, brands)]
