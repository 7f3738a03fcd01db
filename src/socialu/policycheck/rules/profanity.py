"""Find profanity and slurs: a maintained word list, plus the organisation's additions and allowed words."""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import PhraseMatcher, phrase_words
from socialu.policycheck.model import Finding, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active

CATEGORY = "profanity"
WORD_LIST_PACKAGE = "better_profanity"
WORD_LIST_FILE = "profanity_wordlist.txt"


@dataclass(frozen=True, kw_only=True)
class ProfanityRule(Rule):
    """Configure the profanity check.

    ``use_package_word_list`` adds the word list shipped by the better-profanity
    package; ``extra_terms`` adds the organisation's own; ``allow`` removes words
    that are ordinary in the organisation's work. ``leetspeak`` also reads
    "sh1t" and "@ss" as the words they spell. Spelled-out words ("s h i t")
    are always read.
    """

    use_package_word_list: bool = True
    extra_terms: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    leetspeak: bool = True


@functools.cache
def package_word_list() -> tuple[str, ...]:
    """Return the word list shipped inside the better-profanity package."""
    try:
        resource = importlib.resources.files(WORD_LIST_PACKAGE).joinpath(WORD_LIST_FILE)
        text = resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise RuleSetError(
            "rules.profanity.use_package_word_list: the better-profanity package is not installed"
            f" ({error}); install it or set use_package_word_list to false"
        ) from None
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def compile_checkers(rule: ProfanityRule | None) -> list[Checker]:
    """Return the profanity checker, if the rule is on."""
    if rule is None or not active(rule):
        return []
    allowed = {phrase_words(word) for word in rule.allow}
    terms = list(package_word_list()) if rule.use_package_word_list else []
    terms.extend(rule.extra_terms)
    kept = [term for term in terms if phrase_words(term) and phrase_words(term) not in allowed]
    matcher = PhraseMatcher(kept)
    if not matcher:
        return []
    leet = rule.leetspeak

    def check(context: Context) -> Iterator[Finding | None]:
        for match in matcher.find(context.folded, leet=leet, spaced=True):
            yield context.finding(rule, CATEGORY, match.start, match.end)

    return [check]
