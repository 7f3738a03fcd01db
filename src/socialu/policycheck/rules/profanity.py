"""Find profanity and slurs: a maintained word list, plus the organisation's additions and allowed words."""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import Match, PhraseMatcher, phrase_words, without_overlaps
from socialu.policycheck.model import Finding, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active

CATEGORY = "profanity"
# Vendored from better-profanity 0.7.0 (MIT); see wordlists/README.md.
WORD_LIST_PACKAGE = "socialu.policycheck.wordlists"
WORD_LIST_FILE = "profanity_wordlist.txt"


@dataclass(frozen=True, kw_only=True)
class ProfanityRule(Rule):
    """Configure the profanity check.

    ``use_package_word_list`` adds the word list SocialU ships (vendored from
    the better-profanity package); ``extra_terms`` adds the organisation's own; ``allow`` removes words
    that are ordinary in the organisation's work. ``leetspeak`` also reads
    "sh1t" and "@ss" as the words they spell, and a word with letters hidden
    behind asterisks ("f*ck") as the listed word it fits. Spelled-out words
    ("s h i t") are always read.
    """

    use_package_word_list: bool = True
    extra_terms: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    leetspeak: bool = True


@functools.cache
def package_word_list() -> tuple[str, ...]:
    """Return the profanity word list SocialU ships (vendored from better-profanity)."""
    try:
        resource = importlib.resources.files(WORD_LIST_PACKAGE).joinpath(WORD_LIST_FILE)
        text = resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise RuleSetError(
            "rules.profanity.use_package_word_list: the profanity word list is missing from this installation"
            f" ({error}); reinstall SocialU or set use_package_word_list to false"
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
    masked = _MaskedWords(kept) if leet else None

    def check(context: Context) -> Iterator[Finding | None]:
        matches = matcher.find(context.folded, leet=leet, spaced=True)
        if masked is not None and "*" in context.folded.folded:
            matches = without_overlaps([*matches, *masked.find(context.folded.folded)])
        for match in matches:
            yield context.finding(rule, CATEGORY, match.start, match.end)

    return [check]


# A word with letters hidden behind asterisks inside it ("f*ck", "sh**"), not one wrapped in them ("*really*").
# Possessive throughout, so a long run of asterisks is read once, never re-split.
_MASKED_WORD = re.compile(r"(?<![^\W_*])[^\W_]++\*[^\W_*]*+(?:\*++[^\W_*]*+)*+(?![^\W_])")


class _MaskedWords:
    """Read a word with asterisks in it as any listed single word of the same length that fits the visible letters."""

    def __init__(self, terms: list[str]) -> None:
        # (length, position, letter) → the listed words with that letter there: a masked word's candidates
        # are the intersection for its visible letters, a few set operations however long the list.
        self._index: dict[tuple[int, int, str], set[str]] = {}
        for term in terms:
            words = phrase_words(term)
            if len(words) == 1 and len(words[0]) >= 3:
                for position, letter in enumerate(words[0]):
                    self._index.setdefault((len(words[0]), position, letter), set()).add(words[0])

    def _fits(self, shown: str) -> str | None:
        candidates: set[str] | None = None
        for position, letter in enumerate(shown):
            if letter == "*":
                continue
            matching = self._index.get((len(shown), position, letter))
            if not matching:
                return None
            candidates = set(matching) if candidates is None else candidates & matching
            if not candidates:
                return None
        return min(candidates) if candidates else None

    def find(self, folded: str) -> list[Match]:
        found: list[Match] = []
        seen: dict[str, str | None] = {}
        for hit in _MASKED_WORD.finditer(folded):
            shown = hit.group()
            visible = len(shown) - shown.count("*")
            # At least two letters must show, and no more than half may be hidden, or anything would fit.
            if visible < 2 or visible * 2 < len(shown):
                continue
            if shown not in seen:
                seen[shown] = self._fits(shown)
            word = seen[shown]
            if word is not None:
                found.append(Match(hit.start(), hit.end(), word))
        return found
