"""Find configured words, phrases and patterns in folded text.

Plain phrases ("Project Falcon", "risk-free") are matched word by word, so any
run of spaces, hyphens, underscores or dots between the words matches, and so
does the joined-up hashtag form ("#ProjectFalcon"). Phrases with other symbols
("100% safe") and the organisation's regular expressions run as patterns over
the folded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from re import _constants, _parser
from typing import Any, NamedTuple

from socialu.policycheck.text import WORD_PATTERN, FoldedText, View, Word, fold

_GAP_CHARACTERS = frozenset(" \t\r\n\u00a0-_'’.·‐‑–—/")
_MAX_GAP = 6
_PLAIN_PHRASE = re.compile(r"#?[\w\s\-'’.·‐‑–—/]+")


class Match(NamedTuple):
    """Hold one match in folded offsets and the configured phrase or pattern that produced it."""

    start: int
    end: int
    phrase: str


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]
    needs_hash: bool
    source: str


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Return the folded words of ``phrase``."""
    return tuple(WORD_PATTERN.findall(fold(phrase).folded))


def _phrase_pattern(folded_phrase: str) -> str:
    body = r"\s+".join(re.escape(part) for part in folded_phrase.split())
    prefix = r"(?<!\w)" if re.match(r"\w", folded_phrase) else ""
    suffix = r"(?!\w)" if re.search(r"\w$", folded_phrase) else ""
    return prefix + body + suffix


class PhraseMatcher:
    """Match a list of whole-word phrases and regular expressions against folded text."""

    def __init__(self, phrases: Iterable[str] = (), patterns: Iterable[str] = ()) -> None:
        """Prepare ``phrases`` (plain text, any case) and ``patterns`` (regular expressions, matched ignoring case)."""
        self._by_first: dict[str, list[_Phrase]] = {}
        self._joined: dict[str, _Phrase] = {}
        self._patterns: list[CompiledPattern] = []
        for phrase in phrases:
            folded_phrase = fold(phrase).folded.strip()
            words = tuple(WORD_PATTERN.findall(folded_phrase))
            if not words:
                continue
            # A hashtag phrase ("#1") is a pattern: keyed on its word, every "1" in a draft would be a candidate.
            if _PLAIN_PHRASE.fullmatch(folded_phrase) and not folded_phrase.startswith("#"):
                entry = _Phrase(words, folded_phrase.startswith("#"), phrase)
                self._by_first.setdefault(words[0], []).append(entry)
                # "#ProjectFalcon" for "Project Falcon"; not for numbers alone, so "911" is not "9/11".
                if len(words) > 1 and all(any(c.isalpha() for c in word) for word in words):
                    self._joined.setdefault("".join(words), entry)
            else:
                self._patterns.append(compiled_pattern(_phrase_pattern(folded_phrase), 0, phrase))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry.words))
        self._keys = frozenset(self._by_first) | frozenset(self._joined)
        for pattern in patterns:
            self._patterns.append(compiled_pattern(pattern, re.IGNORECASE, pattern))

    def __bool__(self) -> bool:
        """Return whether there is anything to match."""
        return bool(self._by_first or self._patterns)

    def find(self, text: FoldedText, *, leet: bool = False, spaced: bool = False) -> list[Match]:
        """Return every match in ``text`` ordered by start; of two that overlap, keep the one that starts first.

        With ``leet``, also read leetspeak ("sh1t"); with ``spaced``, also read
        spaced-out letters ("P R O J E C T").
        """
        if not self:
            return []
        matches: list[Match] = []
        views: list[View] = ["plain"]
        if leet:
            views.append("leet")
        if spaced:
            views.append("spaced")
        for view in views:
            # Most drafts share no word with a list, or only the first word of a phrase ("the" of "the
            # best in the world"): set operations in C rule that out before the view's words are built.
            present = text.word_set(view)
            if self._keys.isdisjoint(present):
                continue
            if view == "spaced":
                present = present | text.word_set("plain")
            if not any(self._may_start(key, present) for key in self._keys.intersection(present)):
                continue
            words, positions = text.view(view)
            found = self._keys.intersection(positions)
            if found:
                self._find_words(matches, text.folded, words, positions, found)
        for compiled in self._patterns:
            if not compiled.may_match(text.folded):
                continue
            pattern, source = compiled.pattern, compiled.label
            for hit in pattern.finditer(text.folded):
                if hit.end() > hit.start():
                    matches.append(Match(hit.start(), hit.end(), source))
        return without_overlaps(matches)

    def _may_start(self, key: str, present: frozenset[str]) -> bool:
        """Return whether a phrase keyed on *key* could match: every one of its words is in the draft."""
        if key in self._joined:
            return True
        return any(present.issuperset(entry.words) for entry in self._by_first.get(key, ()))

    def _find_words(
        self,
        matches: list[Match],
        folded: str,
        words: list[Word],
        positions: dict[str, list[int]],
        found: Iterable[str],
    ) -> None:
        count = len(words)
        for key in found:
            for index in positions[key]:
                word = words[index]
                entry = self._joined.get(key)
                if entry is not None:
                    match = _with_hash(folded, word.start, word.end, entry)
                    if match is not None:
                        matches.append(match)
                for entry in self._by_first.get(key, ()):
                    size = len(entry.words)
                    if index + size > count:
                        continue
                    last = index
                    for offset in range(1, size):
                        following = words[index + offset]
                        if following.text != entry.words[offset] or not _is_gap(
                            folded, words[last].end, following.start
                        ):
                            break
                        last = index + offset
                    else:
                        match = _with_hash(folded, word.start, words[last].end, entry)
                        if match is not None:
                            matches.append(match)
                            break


_LEADING_BOUNDARY = re.compile(r"^(?:\\b|\(\?<!\\w\))")


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A regular expression with cheap tests that rule out most texts before it runs.

    ``literals``: the pattern cannot match unless the (lower-case) text contains
    one of these strings (the literal start of each of its alternatives).
    ``relaxed``: the pattern without its leading word-boundary assertion. The
    regular-expression engine skips ahead quickly to where a pattern's first
    characters could match, but not past a leading ``\\b`` or ``(?<!\\w)``: it tries
    the assertion at every position. Whatever the full pattern matches, the
    relaxed one matches too, so when it finds nothing the full one need not run.
    """

    pattern: re.Pattern[str]
    label: str
    relaxed: re.Pattern[str] | None
    literals: tuple[str, ...] | None

    def may_match(self, folded: str) -> bool:
        """Return False only when the pattern certainly finds nothing in *folded* (lower-case text)."""
        if self.literals is not None and not any(literal in folded for literal in self.literals):
            return False
        return self.relaxed is None or self.relaxed.search(folded) is not None


def _literal_start(items: Any) -> str:
    """Return the ASCII literal characters a parsed pattern (or branch) must start with."""
    characters: list[str] = []
    for op, argument in items:
        if op is _constants.LITERAL and argument < 128:
            characters.append(chr(argument).lower())
        else:
            break
    return "".join(characters)


def _required_literals(source: str, flags: int) -> tuple[str, ...] | None:
    """Return strings one of which any match of *source* must contain, or None when none can be told."""
    try:
        items = list(_parser.parse(source, flags))
    except re.error:
        return None
    while items and items[0][0] in (_constants.AT, _constants.ASSERT_NOT, _constants.ASSERT):
        items.pop(0)
    if not items:
        return None
    op, argument = items[0]
    if op is _constants.SUBPATTERN:
        items = list(argument[-1])
        if not items:
            return None
        op, argument = items[0]
    if op is _constants.BRANCH:
        starts = tuple(_literal_start(branch) for branch in argument[1])
        return starts if all(len(start) >= 2 for start in starts) else None
    start = _literal_start(items)
    return (start,) if len(start) >= 2 else None


def compiled_pattern(source: str, flags: int, label: str) -> CompiledPattern:
    """Compile ``source`` with its cheap tests (see :class:`CompiledPattern`)."""
    pattern = re.compile(source, flags)
    boundary = _LEADING_BOUNDARY.match(source)
    relaxed = None
    if boundary is not None:
        try:
            relaxed = re.compile(source[boundary.end() :], flags)
        except re.error:
            relaxed = None
    return CompiledPattern(pattern, label, relaxed, _required_literals(source, flags))


def _is_gap(folded: str, start: int, end: int) -> bool:
    return 0 < end - start <= _MAX_GAP and all(character in _GAP_CHARACTERS for character in folded[start:end])


def _with_hash(folded: str, start: int, end: int, entry: _Phrase) -> Match | None:
    has_hash = start > 0 and folded[start - 1] == "#"
    if entry.needs_hash and not has_hash:
        return None
    return Match(start - 1 if has_hash else start, end, entry.source)


def without_overlaps(matches: list[Match]) -> list[Match]:
    """Return ``matches`` ordered by start; of two that overlap keep the earlier, or the longer at the same start."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda item: (item.start, item.start - item.end)):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept
