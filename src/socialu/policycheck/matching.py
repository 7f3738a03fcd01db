"""Find configured words, phrases and patterns in folded text.

Plain phrases ("Project Falcon", "risk-free") are matched word by word, so any
run of spaces, hyphens, underscores or dots between the words matches, and so
does the joined-up hashtag form ("#ProjectFalcon"). Phrases with other symbols
("100% safe") run as patterns over the folded text, and so do the
organisation's regular expressions, on RE2 (see :mod:`socialu.policycheck.patterns`).

A rule set gathers every matcher it builds into one :class:`MatcherIndex`: one
Aho-Corasick automaton (``pyahocorasick``) of every word a phrase can start
with, one table of the words its phrases need for the leetspeak and spelled-out
readings, and one RE2 set of all its patterns. For each draft, a :class:`Gate`
runs the automaton once over the folded text, with every character that is not
a letter or digit read as a space, which yields every whole word of every list
with its exact span in one C pass; it runs the RE2 set once too. A phrase
matcher then only confirms the words that follow a candidate, and a matcher
(or a whole rule) with no candidate is skipped without looking at the draft
again.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final, NamedTuple

import ahocorasick

from socialu.policycheck.patterns import Pattern, PatternSet, compile_pattern
from socialu.policycheck.text import LEET_GATE, SPACED_GATE, WORD_PATTERN, FoldedText, View, Word, fold

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


# Letters from the most to the least common in English text: among words of one length, rarer letters make a
# rarer word, so "p.u.s.s.y." is filed under "p", not "y". Digits count as common (numbers are everywhere),
# so "s-h-1-t" is filed under "h", not "1".
_LETTER_RANK = {letter: rank for rank, letter in enumerate("0123456789etaoinshrdlcumwfgypbvkjxqz")}


# The most common English words: a phrase is never filed under one of them if it has another word, since
# nearly every draft holds them ("take over" is filed under "take", not "over").
_COMMON_WORDS = frozenset(
    """a about above after again against all also am an and any anyone anything are as at back be because been
    before being below between both but by can could day did do does doing down during each even every few for
    from get go going good got had has have having he her here hers him his how i if in into is it its just
    know like made make many me more most much my new no nor not nothing now of off on once one only or other
    our out over own people same say see she should so some something still such than that the their them then
    there these they this those through time to too two under until up us very was way we well were what when
    where which while who whom why will with would year you your""".split()  # noqa: SIM905 - a word list reads best as words
)


def _gate_word(words: tuple[str, ...]) -> str:
    """Return the word a phrase is filed under for ruling drafts out: its rarest, as far as can be told.

    Not a common word or a number if there is another; then the longest; then the one of rarer letters.
    """
    return max(
        reversed(words),
        key=lambda word: (
            word not in _COMMON_WORDS and not word.isdigit(),
            len(word),
            sum(_LETTER_RANK.get(letter, 13) for letter in word),
        ),
    )


@dataclass(frozen=True, slots=True)
class _SymbolPhrase:
    """A phrase with symbols in it ("100% safe"), run as a pattern with word edges the RE2 set cannot test."""

    pattern: re.Pattern[str]
    gate: str
    label: str


@dataclass(frozen=True, slots=True)
class _RegexPattern:
    """One of the organisation's regular expressions, on RE2."""

    pattern: Pattern
    label: str


_collecting: contextvars.ContextVar[MatcherIndex | None] = contextvars.ContextVar("policycheck_index", default=None)


def current_index() -> MatcherIndex | None:
    """Return the index matchers are being filed in (while a rule set compiles), or None."""
    return _collecting.get()


# ASCII only, indexed by code point: str.translate leaves any character past its end alone (the IndexError
# is a LookupError), and has a fast path for plain ASCII text.
_ASCII_SPACES: Final = "".join(chr(code) if chr(code).isalnum() else " " for code in range(128))
# Characters outside ASCII that are not letters or digits (for them, Python's \w is exactly "letter or digit").
_NON_ASCII_NON_WORD: Final = re.compile(r"[^\x00-\x7f\w]")


def word_haystack(folded: str) -> str:
    """Return ``folded`` with every character that is not a letter or digit read as a space, padded by one each side.

    Every character keeps its place (shifted by the leading space), so a word found as `` word `` ending at
    index ``i`` of the haystack spans ``folded[i - 1 - len(word):i - 1]``; a word can only be found whole.
    """
    if not folded.isascii():
        folded = _NON_ASCII_NON_WORD.sub(" ", folded)
    return " " + folded.translate(_ASCII_SPACES) + " "


class MatcherIndex:
    """Gather what every matcher of a rule set looks for, so one pass over a draft rules most of them out."""

    def __init__(self) -> None:
        """Start an empty index; matchers built inside :meth:`collecting` file themselves here."""
        self._owners: dict[str, list[int]] = {}
        self._keys: frozenset[str] = frozenset()
        self._word_owners: dict[str, set[int]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._set = PatternSet()
        self._matchers = 0
        self._frozen = False
        # What a draft needs for its leetspeak and spelled-out readings to have words at all (None: no gate).
        self._view_gates: dict[View, int | None] = {
            "leet": self._set.add(LEET_GATE),
            "spaced": self._set.add(SPACED_GATE),
        }

    @contextlib.contextmanager
    def collecting(self) -> Iterator[MatcherIndex]:
        """File every :class:`PhraseMatcher` built inside the block in this index, then freeze it."""
        token = _collecting.set(self)
        try:
            yield self
        finally:
            _collecting.reset(token)
        self.freeze()

    def add_matcher(self, keys: Iterable[str], index_words: Iterable[str] = ()) -> int:
        """Return a new matcher number, filed under ``keys`` and ``index_words``.

        ``keys`` are words one of which must occur, in any reading of the draft, for the matcher to match
        (they rule out the leetspeak and spelled-out readings); ``index_words`` are the words the index's one
        Aho-Corasick pass finds in the plain reading on its behalf (each phrase's gate word, joined hashtags).
        """
        number = self._matchers
        self._matchers += 1
        for key in keys:
            self._owners.setdefault(key, []).append(number)
        for word in index_words:
            self._word_owners.setdefault(word, set()).add(number)
        return number

    def add_pattern(self, source: str) -> int | None:
        """Add an RE2 pattern that must match for something to match; return its number, or None if RE2 refuses it."""
        return self._set.add(source)

    def freeze(self) -> None:
        """Build the word table, the automaton and the pattern set; nothing can be added afterwards."""
        if not self._frozen:
            self._keys = frozenset(self._owners)
            if self._word_owners:
                automaton = ahocorasick.Automaton()
                for word in self._word_owners:
                    automaton.add_word(f" {word} ", word)
                automaton.make_automaton()
                self._automaton = automaton
            self._set.compile()
            self._frozen = True

    def reading_gate(self, view: View) -> int | None:
        """Return the number of the RE2 pattern a draft matches when its ``view`` reading can have words."""
        return self._view_gates.get(view)

    def find_words(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """Return, for each of the index's words that occurs whole in ``folded``, its spans, in one pass."""
        found: dict[str, list[tuple[int, int]]] = {}
        if self._automaton is None:
            return found
        for end, word in self._automaton.iter(word_haystack(folded)):
            stop = end - 1
            spans = found.get(word)
            if spans is None:
                found[word] = [(stop - len(word), stop)]
            else:
                spans.append((stop - len(word), stop))
        return found

    def gate(self, text: FoldedText) -> Gate:
        """Return the gate that says which of this index's matchers could match ``text``."""
        return Gate(self, text)


class Gate:
    """Say, for one draft, which matchers of a :class:`MatcherIndex` could match; worked out lazily, once each."""

    __slots__ = ("_hits", "_index", "_patterns", "_text", "_words")

    def __init__(self, index: MatcherIndex, text: FoldedText) -> None:
        """Prepare the gate for ``text``."""
        self._index = index
        self._text = text
        self._hits: dict[View, set[int]] = {}
        self._patterns: frozenset[int] | None = None
        self._words: dict[str, list[tuple[int, int]]] | None = None

    @property
    def index(self) -> MatcherIndex:
        """Return the index the gate answers for."""
        return self._index

    def words(self) -> dict[str, list[tuple[int, int]]]:
        """Return every word of the index that occurs whole in the plain reading, with its folded spans."""
        if self._words is None:
            self._words = self._index.find_words(self._text.folded)
        return self._words

    def matchers(self, view: View) -> set[int]:
        """Return the numbers of the matchers one of whose words occurs in ``view`` of the draft."""
        hits = self._hits.get(view)
        if hits is None and view != "plain":
            view_gate = self._index.reading_gate(view)
            if view_gate is not None and view_gate not in self.patterns():
                # The one pass shows the draft has no such reading: nothing to intersect.
                self._hits[view] = hits = set()
                return hits
        if hits is None and view == "plain":
            word_owners = self._index._word_owners
            hits = set().union(*[word_owners[word] for word in self.words()])
            self._hits[view] = hits
            return hits
        if hits is None:
            present = self._text.word_set(view)
            # A reading with no words of its own (no leetspeak, no spaced-out letters) adds nothing to the plain one.
            if view != "plain" and not present:
                self._hits[view] = hits = set()
                return hits
            if view == "spaced":
                present = present | self._text.word_set("plain")
            owners = self._index._owners
            hits = set()
            for key in self._index._keys.intersection(present):
                hits.update(owners[key])
            self._hits[view] = hits
        return hits

    def patterns(self) -> frozenset[int]:
        """Return the numbers of the index's patterns that match somewhere in the draft."""
        if self._patterns is None:
            self._patterns = self._index._set.matching(self._text.folded.encode())
        return self._patterns


class PhraseMatcher:
    """Match a list of whole-word phrases and regular expressions against folded text."""

    def __init__(self, phrases: Iterable[str] = (), patterns: Iterable[str] = ()) -> None:
        """Prepare ``phrases`` (plain text, any case) and ``patterns`` (regular expressions for RE2, ignoring case).

        Patterns are checked when the rule set loads (see :func:`socialu.policycheck.patterns.compile_pattern`).
        """
        self._by_first: dict[str, list[_Phrase]] = {}
        # Each phrase filed under its gate word (its longest, the rarest as a rule) with that word's place in it.
        self._by_gate: dict[str, list[tuple[_Phrase, int]]] = {}
        self._joined: dict[str, _Phrase] = {}
        seen: set[tuple[str, ...]] = set()
        self._symbol_phrases: list[tuple[_SymbolPhrase, int | None]] = []
        self._regexes: list[tuple[_RegexPattern, int | None]] = []
        gate_words: set[str] = set()
        for phrase in phrases:
            folded_phrase = fold(phrase).folded.strip()
            words = tuple(WORD_PATTERN.findall(folded_phrase))
            if not words:
                continue
            # A hashtag phrase ("#1") is a pattern: keyed on its word, every "1" in a draft would be a candidate.
            if _PLAIN_PHRASE.fullmatch(folded_phrase) and not folded_phrase.startswith("#"):
                if words in seen:
                    # The same words twice ("Project Falcon", "project falcon"): the first one listed names the match.
                    continue
                seen.add(words)
                entry = _Phrase(words, folded_phrase.startswith("#"), phrase)
                self._by_first.setdefault(words[0], []).append(entry)
                gate_word = _gate_word(words)
                gate_words.add(gate_word)
                self._by_gate.setdefault(gate_word, []).append((entry, len(words) - 1 - words[::-1].index(gate_word)))
                # "#ProjectFalcon" for "Project Falcon"; not for numbers alone, so "911" is not "9/11".
                if len(words) > 1 and all(any(c.isalpha() for c in word) for word in words):
                    joined = "".join(words)
                    self._joined.setdefault(joined, entry)
                    gate_words.add(joined)
            else:
                gate = r"\s+".join(re.escape(part) for part in folded_phrase.split())
                symbol = _SymbolPhrase(re.compile(_phrase_pattern(folded_phrase)), gate, phrase)
                self._symbol_phrases.append((symbol, None))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry.words))
        self._keys = frozenset(self._by_first) | frozenset(self._joined)
        self._gate_keys = frozenset(self._by_gate) | frozenset(self._joined)
        for source in patterns:
            self._regexes.append((_RegexPattern(compile_pattern(source), source), None))
        self._index = _collecting.get()
        self._number = -1
        if self._index is not None:
            self._number = self._index.add_matcher(gate_words, self._gate_keys)
            self._symbol_phrases = [(item, self._index.add_pattern(item.gate)) for item, _ in self._symbol_phrases]
            self._regexes = [(item, self._index.add_pattern(item.pattern.source)) for item, _ in self._regexes]
        self._pattern_numbers = frozenset(number for _, number in [*self._symbol_phrases, *self._regexes])

    def __bool__(self) -> bool:
        """Return whether there is anything to match."""
        return bool(self._by_first or self._symbol_phrases or self._regexes)

    @property
    def index(self) -> MatcherIndex | None:
        """Return the index the matcher is filed in (the rule set's), or None for a matcher built on its own."""
        return self._index

    @property
    def number(self) -> int:
        """Return the matcher's number in its index (-1 when it is not filed in one)."""
        return self._number

    @property
    def has_words(self) -> bool:
        """Return whether the matcher has plain phrases (found through the index's words, not its patterns)."""
        return bool(self._by_first)

    @property
    def pattern_numbers(self) -> frozenset[int | None]:
        """Return the numbers of the matcher's patterns in the index's RE2 set (None for one the set cannot hold)."""
        return self._pattern_numbers

    @property
    def index_words(self) -> frozenset[str]:
        """Return the words the index's pass looks for on the matcher's behalf: gate words and joined forms."""
        return self._gate_keys

    def may_match(self, text: FoldedText, *, leet: bool = False, spaced: bool = False) -> bool:
        """Return False when the rule set's gate shows that nothing this matcher looks for is in ``text``."""
        gate = text.gate
        if gate is None or gate.index is not self._index:
            return bool(self)
        if self._by_first and (
            self._number in gate.matchers("plain")
            or (leet and self._number in gate.matchers("leet"))
            or (spaced and self._number in gate.matchers("spaced"))
        ):
            return True
        if self._pattern_numbers:
            return None in self._pattern_numbers or not gate.patterns().isdisjoint(self._pattern_numbers)
        return False

    def find(self, text: FoldedText, *, leet: bool = False, spaced: bool = False) -> list[Match]:
        """Return every match in ``text`` ordered by start; of two that overlap, keep the one that starts first.

        With ``leet``, also read leetspeak ("sh1t"); with ``spaced``, also read
        spaced-out letters ("P R O J E C T").
        """
        if not self.may_match(text, leet=leet, spaced=spaced):
            return []
        gate = text.gate if text.gate is not None and text.gate.index is self._index else None
        matches: list[Match] = []
        views: list[View] = ["plain"]
        if leet:
            views.append("leet")
        if spaced:
            views.append("spaced")
        if self._by_first:
            if gate is not None:
                # The plain reading comes from the index's one pass: candidates with their spans, confirmed here.
                spans = gate.words()
                found_words = self._gate_keys.intersection(spans)
                if found_words:
                    self._find_spans(matches, text.folded, spans, found_words)
                views = views[1:]
            for view in views:
                if gate is not None and self._number not in gate.matchers(view):
                    continue
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
        if self._symbol_phrases or self._regexes:
            ruled_in = gate.patterns() if gate is not None else None
            folded = text.folded
            for symbol, number in self._symbol_phrases:
                if ruled_in is not None and number is not None and number not in ruled_in:
                    continue
                matches.extend(Match(hit.start(), hit.end(), symbol.label) for hit in symbol.pattern.finditer(folded))
            for regex, number in self._regexes:
                if ruled_in is not None and number is not None and number not in ruled_in:
                    continue
                matches.extend(Match(start, end, regex.label) for start, end in regex.pattern.finditer(folded))
        return without_overlaps(matches)

    def _find_spans(
        self,
        matches: list[Match],
        folded: str,
        spans: dict[str, list[tuple[int, int]]],
        found: Iterable[str],
    ) -> None:
        """Confirm the candidates the index's pass found: the rest of each phrase must be around its gate word."""
        for key in found:
            joined = self._joined.get(key)
            entries = self._by_gate.get(key, ())
            for start, end in spans[key]:
                if joined is not None:
                    match = _with_hash(folded, start, end, joined)
                    if match is not None:
                        matches.append(match)
                for entry, place in entries:
                    first = _words_before(folded, start, entry.words[:place])
                    if first < 0:
                        continue
                    last = _words_after(folded, end, entry.words[place + 1 :])
                    if last < 0:
                        continue
                    match = _with_hash(folded, first, last, entry)
                    if match is not None:
                        matches.append(match)

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


def _words_after(folded: str, end: int, words: tuple[str, ...]) -> int:
    """Return where ``words`` end if they follow the word ending at ``end`` (each after a gap), else -1."""
    last = end
    for word in words:
        following = _next_word(folded, last)
        if following < 0 or not folded.startswith(word, following):
            return -1
        last = following + len(word)
        if last < len(folded) and folded[last].isalnum():
            return -1
    return last


def _words_before(folded: str, start: int, words: tuple[str, ...]) -> int:
    """Return where ``words`` start if they come before the word starting at ``start`` (each before a gap), else -1."""
    first = start
    for word in reversed(words):
        previous = _previous_word(folded, first)
        begin = previous - len(word)
        if previous < 0 or begin < 0 or not folded.startswith(word, begin):
            return -1
        if begin > 0 and folded[begin - 1].isalnum():
            return -1
        first = begin
    return first


def _previous_word(folded: str, start: int) -> int:
    """Return where the word before the one starting at ``start`` ends, or -1 if what lies between is not a gap."""
    position = start
    while position > 0 and not folded[position - 1].isalnum():
        if start - position >= _MAX_GAP or folded[position - 1] not in _GAP_CHARACTERS:
            return -1
        position -= 1
    return position if 0 < position < start else -1


def _next_word(folded: str, end: int) -> int:
    """Return where the word after the one ending at ``end`` starts, or -1 if what lies between is not a gap.

    A gap is one to six spaces, hyphens, underscores, apostrophes, dots or slashes, as :func:`_is_gap` says.
    """
    position = end
    length = len(folded)
    while position < length and not folded[position].isalnum():
        if position - end >= _MAX_GAP or folded[position] not in _GAP_CHARACTERS:
            return -1
        position += 1
    return position if end < position < length else -1


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
