"""Catch negative words about competitors or customers the organisation names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import Match, PhraseMatcher
from socialu.policycheck.model import Finding, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated
from socialu.policycheck.text import Word

CATEGORY = "disparagement"


@dataclass(frozen=True, kw_only=True)
class DisparagementRule(Rule):
    """Flag a competitor or customer named within ``window_words`` words of a negative word."""

    competitors: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    negative_words: tuple[str, ...] = ()
    window_words: int = 6

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for a window that cannot work."""
        super().validate(path)
        if not 1 <= self.window_words <= 50:
            raise RuleSetError(f"{path}.window_words: choose a number of words from 1 to 50")


def _word_index(words: list[Word], offset: int) -> int:
    """Return the index of the word that starts at or after the folded ``offset``."""
    low, high = 0, len(words)
    while low < high:
        middle = (low + high) // 2
        if words[middle].end <= offset:
            low = middle + 1
        else:
            high = middle
    return low


def compile_checkers(rule: DisparagementRule | None) -> list[Checker]:
    """Return the disparagement checker, if the rule is on."""
    if rule is None or not active(rule) or not (rule.competitors or rule.customers) or not rule.negative_words:
        return []
    names = PhraseMatcher((*rule.competitors, *rule.customers))
    negatives = PhraseMatcher(rule.negative_words)
    window = rule.window_words

    def check(context: Context) -> Iterator[Finding | None]:
        mentions = names.find(context.folded)
        if not mentions:
            return
        bad = negatives.find(context.folded, leet=True)
        if not bad:
            return
        words = context.folded.words
        for mention in mentions:
            first = _word_index(words, mention.start)
            last = _word_index(words, mention.end - 1)
            near: list[Match] = [
                negative
                for negative in bad
                if _word_index(words, negative.start) <= last + window
                and _word_index(words, negative.end - 1) >= first - window
            ]
            if near:
                start = min(mention.start, near[0].start)
                end = max(mention.end, near[-1].end)
                yield context.finding(rule, CATEGORY, start, end, competitor=mention.phrase)

    return [gated(check, names)]
