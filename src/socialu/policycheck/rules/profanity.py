"""Find profanity and slurs: a maintained word list, plus the organisation's additions and allowed words."""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.matching import Match, PhraseMatcher, current_index, phrase_words, without_overlaps
from socialu.policycheck.model import Finding, RuleSetError
from socialu.policycheck.rules.base import ALL_READINGS, Checker, Context, Rule, active, gated
from socialu.policycheck.text import WORD_PATTERN

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

    ``strong_words`` are read harder: with most of the word masked ("f***",
    "f—ing", "s--t"), stretched ("fuuuck") or fused into a longer word
    ("clusterf*ck", "shitstorm"), except in the longer words of
    ``fused_allow`` ("Scunthorpe", "shiitake").
    """

    use_package_word_list: bool = True
    extra_terms: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    leetspeak: bool = True
    strong_words: tuple[str, ...] = ()
    fused_allow: tuple[str, ...] = ()


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
    strong = _StrongWords(rule.strong_words, rule.fused_allow) if rule.strong_words else None

    index = current_index()
    # What each reading needs, tested for every draft in the rule set's one pass: a letter or digit before an
    # asterisk ("f*ck") for the masked reading; the start of a strong word before a mask ("f*", "sh-", "a**")
    # for masked strong words; a strong word or a letter three times over for fused and stretched ones.
    masked_gate = index.add_pattern(r"[\pL\pN]\*") if index is not None and masked is not None else None
    # A strong word fused into another or stretched ("fuuuck") has each of its letters once or more, in order.
    stretched = "|".join("".join(f"{re.escape(letter)}+" for letter in word.lower()) for word in rule.strong_words)
    strong_gate = index.add_pattern(stretched) if index is not None and stretched else None
    strong_masked_gate = index.add_pattern(strong.masked_gate()) if index is not None and strong is not None else None

    def check(context: Context) -> Iterator[Finding | None]:
        text = context.folded
        folded = text.folded
        gate = text.gate if text.gate is not None and text.gate.index is index else None
        ruled_in = gate.patterns() if gate is not None else None
        matches = matcher.find(text, leet=leet, spaced=True)
        extra: list[Match] = []
        if masked is not None and "*" in folded and (ruled_in is None or masked_gate in ruled_in):
            extra.extend(masked.find(folded))
        if strong is not None:
            if ruled_in is None or strong_masked_gate in ruled_in:
                extra.extend(strong.find_masked(folded))
            if ruled_in is None or strong_gate in ruled_in:
                extra.extend(strong.find_fused(folded))
        if extra:
            matches = without_overlaps([*matches, *extra])
        for match in matches:
            yield context.finding(rule, CATEGORY, match.start, match.end)

    readings = ALL_READINGS if leet else ("plain", "spaced")
    # Without the rule set's index (a checker built on its own) the gates are None: then it always runs.
    gates = [masked_gate] if masked is not None else []
    if strong is not None:
        gates.extend([strong_gate, strong_masked_gate])
    return [gated(check, (matcher, readings), patterns=gates)]


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


_MASK = "*#@%$_\\-\u2013\u2014"
_MASK_CHARACTERS = "*#@%$_-\u2013\u2014"
# Words written as their first letter, one mask and the ending ("f-ing"); any other would read "built-in".
_ABBREVIATED = frozenset({"fuck"})
# Three of one letter in a row: a stretched word ("fuuuck"); fixed length, so linear.
_STRETCHED = re.compile(r"([^\W\d_])\1\1")
_LONGEST_STRETCHED = 40
_REPEATS = re.compile(r"([^\W\d_])\1+")


class _StrongWords:
    """Read the strongest words however they are hidden: masked, stretched, or fused into another word."""

    def __init__(self, words: tuple[str, ...], fused_allow: tuple[str, ...]) -> None:
        self._roots = sorted({word.strip().lower() for word in words if len(word.strip()) >= 4}, key=len, reverse=True)
        self._allow = frozenset(word.strip().lower() for word in fused_allow)
        masked: list[str] = []
        for root in self._roots:
            first = re.escape(root[0])
            tails = "|".join(re.escape(root[index:]) for index in range(1, len(root)))
            hidden = max(2, len(root) - 2)
            # At least one mask: the first masked place is i; letters before it, a letter or a mask after.
            one_masked = "|".join(
                re.escape(root[1:place])
                + f"[{_MASK}]"
                + "".join(f"(?:{re.escape(letter)}|[{_MASK}])" for letter in root[place + 1 :])
                for place in range(1, len(root))
            )
            masked.extend(
                [
                    # "f***", "f******", "s--t", "a*****": the first letter, masks for most of the rest, maybe a tail.
                    rf"{first}[{_MASK}]{{{hidden},}}(?:{tails})?",
                    # "f**k", "sh*t", "a**hole", "b!tch": a letter or one mask in each place.
                    rf"{first}(?:{one_masked})",
                ]
            )
        # Starts at the start of a word; letters may come before ("clusterf*ck") or after ("sh*tshow"), and the
        # match ends where the word ends, not before a mask and a letter (so a spelled-out "s-t-a-r-t" is not read).
        # "f-ing", "f—ing": one mask for the word, then its ending; a whole word on its own (not "built-in").
        abbreviated = "|".join(
            rf"{re.escape(root[0])}[{_MASK}](?:ing|in|ed|er)" for root in self._roots if root in _ABBREVIATED
        )
        alternatives = [rf"[^\W\d_]*(?:{'|'.join(masked)})[^\W\d_]*", *([abbreviated] if abbreviated else [])]
        self._masked = (
            re.compile(rf"(?<![^\W_{_MASK}])(?:{'|'.join(alternatives)})(?![^\W_]|[{_MASK}][^\W_])") if masked else None
        )

    def _root_in(self, word: str) -> str | None:
        """Return the strong word hidden in ``word`` (stretched letters read once), or None."""
        # A stretched word is a few dozen letters at most; a longer run is a paste or an attack, read as it is.
        collapsed = _REPEATS.sub(r"\1", word) if len(word) <= _LONGEST_STRETCHED else word
        for root in self._roots:
            if root in word or root in collapsed:
                return root
        return None

    def masked_gate(self) -> str:
        """Return an RE2 pattern every masked strong word matches: the start of a strong word, then a mask.

        Each way of masking a word keeps its first letter and maybe more, then a mask ("f*", "sh-", "a**"),
        so a draft without such a start is ruled out before the masked reading's pattern runs.
        """
        starts = sorted({root[:length] for root in self._roots for length in range(1, len(root))}, key=len)
        return "(?:" + "|".join(re.escape(start) for start in starts) + ")[*#@%$_\\-\\x{2013}\\x{2014}]"

    def find(self, folded: str) -> list[Match]:
        """Return the strong words in ``folded`` text: masked, stretched, or fused into a longer word."""
        return [*self.find_masked(folded), *self.find_fused(folded)]

    def find_masked(self, folded: str) -> list[Match]:
        """Return the strong words in ``folded`` text hidden behind masks ("f***", "sh*t", "f-ing")."""
        if self._masked is None or not any(mask in folded for mask in _MASK_CHARACTERS):
            return []
        return [Match(hit.start(), hit.end(), hit.group()) for hit in self._masked.finditer(folded)]

    def find_fused(self, folded: str) -> list[Match]:
        """Return the strong words in ``folded`` text that are stretched ("fuuuck") or fused into a longer word."""
        found: list[Match] = []
        # Look at words one by one only when a strong word, or a letter three times over, is in the draft at all.
        if any(root in folded for root in self._roots) or _STRETCHED.search(folded):
            for hit in WORD_PATTERN.finditer(folded):
                word = hit.group()
                if word in self._allow or len(word) < 4:
                    continue
                root = self._root_in(word)
                if root is not None:
                    found.append(Match(hit.start(), hit.end(), root))
        return found
