"""Fold text for matching and map every match back to the original string.

Matching runs on a *folded* copy of the draft: NFKC-normalised (full-width and
mathematical letters become plain ones), look-alike Cyrillic and Greek letters
replaced by the Latin letters they imitate, accents and zero-width characters
removed, and everything case-folded. Each folded character remembers which
original character produced it, so a span found in the folded copy converts
back to exact offsets in the text the person wrote.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from socialu.policycheck.matching import Gate

# Characters that render as nothing and are used to split a word so a filter misses it.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
)

# Letters from other scripts that look like Latin ones in common fonts.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "А": "a", "в": "b", "В": "b", "с": "c", "С": "c", "е": "e", "Е": "e", "ё": "e",
    "һ": "h", "Н": "h", "н": "h", "і": "i", "І": "i", "ї": "i", "ј": "j", "Ј": "j", "к": "k",
    "К": "k", "м": "m", "М": "m", "о": "o", "О": "o", "р": "p", "Р": "p", "ԛ": "q", "ѕ": "s",
    "Ѕ": "s", "т": "t", "Т": "t", "у": "y", "У": "y", "х": "x", "Х": "x", "ԝ": "w", "Ԝ": "w",
    "ь": "b", "ӏ": "l", "Ӏ": "l",
    # Greek
    "α": "a", "Α": "a", "β": "b", "Β": "b", "ε": "e", "Ε": "e", "Ζ": "z", "Η": "h", "η": "n",
    "ι": "i", "Ι": "i", "κ": "k", "Κ": "k", "Μ": "m", "ν": "v", "Ν": "n", "ο": "o", "Ο": "o",
    "ρ": "p", "Ρ": "p", "τ": "t", "Τ": "t", "υ": "u", "Υ": "y", "χ": "x", "Χ": "x", "ϲ": "c",
    # Latin look-alikes outside ASCII that NFKC leaves alone
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ℓ": "l",
    # Typographic apostrophes, so "I’m" matches "I'm"
    "’": "'", "‘": "'", "ʼ": "'",
}  # fmt: skip

# Leetspeak substitutions; they keep the length, so offsets stay the same.
LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})

WORD_PATTERN = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def _fold_character(character: str) -> tuple[str, bool]:
    """Return the folded form of one character and whether it attaches to the character before it."""
    if character in _INVISIBLE:
        return "", character == "\u200d"
    if unicodedata.category(character) in {"Mn", "Me"} or "\ufe00" <= character <= "\ufe0f":
        return "", True
    if "\U000e0020" <= character <= "\U000e007f" or "\U0001f3fb" <= character <= "\U0001f3ff":
        return "", True
    normalised = "".join(_HOMOGLYPHS.get(piece, piece) for piece in unicodedata.normalize("NFKC", character))
    decomposed = unicodedata.normalize("NFD", normalised.casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part)), False


class Word(NamedTuple):
    """Hold one word of the folded text with its offsets in the folded text."""

    text: str
    start: int
    end: int


View = Literal["plain", "leet", "spaced"]


@dataclass(slots=True)
class FoldedText:
    """Hold a draft, its folded copy and the map from folded offsets back to original ones."""

    original: str
    folded: str
    # None when folding kept every offset (plain ASCII text).
    starts: list[int] | None = None
    ends: list[int] | None = None
    _views: dict[str, tuple[list[Word], dict[str, list[int]]]] = field(default_factory=dict, repr=False)
    _word_sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    # Set by the checker: which of the rule set's matchers could match this draft at all.
    gate: Gate | None = field(default=None, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span for the folded span ``start:end`` (``end`` exclusive, ``start < end``)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    @property
    def words(self) -> list[Word]:
        """Return the words (runs of letters and digits) of the folded text."""
        return self.view("plain")[0]

    def word_set(self, kind: View) -> frozenset[str]:
        """Return every word one reading of the text *may* contain, cheaply.

        Built by the regular-expression engine without making a ``Word`` per
        word, so a matcher can rule a draft out before paying for
        :meth:`view`. It may hold more words than the view (never fewer): a
        matcher that finds one of its words here still confirms with the view.
        """
        cached = self._word_sets.get(kind)
        if cached is None:
            if kind == "plain":
                cached = frozenset(WORD_PATTERN.findall(self.folded))
            elif kind == "leet":
                cached = frozenset()
                if _LEET_SEARCH.search(self.folded):
                    # A "!" reads as a letter only where a letter follows it ("sh!t"), not at a word's end ("Falcon!").
                    leet = _BANG_AS_LETTER.sub(_as_letters, self.folded).translate(_LEET_TABLE_WITHOUT_BANG)
                    cached = frozenset(WORD_PATTERN.findall(leet))
            else:
                cached = frozenset(
                    word.text for run in _SPACED_RUN.finditer(self.folded) for word in _spaced_run_words(run)
                )
            self._word_sets[kind] = cached
        return cached

    def view(self, kind: View) -> tuple[list[Word], dict[str, list[int]]]:
        """Return the words of one reading of the text and where each distinct word occurs.

        ``plain`` is the folded text's words; ``leet`` reads leetspeak ("sh1t" as
        "shit"); ``spaced`` joins spaced-out letters ("P R O J E C T" as "project").
        A reading that would not differ from the plain one has no words.
        """
        cached = self._views.get(kind)
        if cached is None:
            if kind == "plain":
                words = [
                    Word(match.group(), match.start(), match.end()) for match in WORD_PATTERN.finditer(self.folded)
                ]
            elif kind == "leet":
                words = self._leet_words()
            else:
                words = self._spaced_words()
            cached = (words, _positions(words))
            self._views[kind] = cached
        return cached

    def _leet_words(self) -> list[Word]:
        if not _LEET_SEARCH.search(self.folded):
            return []
        found: list[Word] = []
        changed = False
        leet = self.folded.translate(LEET_TABLE)
        for match in WORD_PATTERN.finditer(leet):
            start, end = match.start(), match.end()
            # "Falcon!" ends a sentence; only a "!" inside a word ("sh!t") stands for a letter.
            while end > start and self.folded[end - 1] == "!":
                end -= 1
            # Words without a letter are numbers: "455" must not read as a word.
            if end > start and _LETTER.search(self.folded, start, end):
                found.append(Word(leet[start:end], start, end))
                changed = changed or leet[start:end] != self.folded[start:end]
        return found if changed else []

    def _spaced_words(self) -> list[Word]:
        runs = list(_SPACED_RUN.finditer(self.folded))
        if not runs:
            return []
        plain = self.words
        found: list[Word] = []
        index = 0
        for run in runs:
            while index < len(plain) and plain[index].start < run.start():
                found.append(plain[index])
                index += 1
            found.extend(_spaced_run_words(run))
            while index < len(plain) and plain[index].start < run.end():
                index += 1
        found.extend(plain[index:])
        return found


def _as_letters(match: re.Match[str]) -> str:
    return "i" * (match.end() - match.start())


def _spaced_run_words(run: re.Match[str]) -> list[Word]:
    """Return the words spelled out in ``run``: "f-a-l-c-o-n l-a-u-n-c-h" is two words, "p r o j e c t" one."""
    text = run.group()
    separators = set(text[1::2])
    pieces = [(0, text)]
    if " " in separators and len(separators) > 1:
        pieces = [(match.start(), match.group()) for match in re.finditer(r"[^ ]+", text)]
    return [
        Word("".join(WORD_PATTERN.findall(piece)), run.start() + offset, run.start() + offset + len(piece))
        for offset, piece in pieces
    ]


def _positions(words: list[Word]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word.text, []).append(index)
    return positions


# A leetspeak reading differs from the plain one only where a leet character touches a letter ("sh1t", "@ss").
_LEET_SEARCH = re.compile(r"[^\W\d_][0134579@$!]|[0134579@$!][^\W\d_]")
# A character that may be a letter or digit, for RE2: a lower-case ASCII letter or digit (the folded text has no
# capitals), or a character outside ASCII that RE2 does not know as a symbol, punctuation, space or control
# character. Wider than Python's, never narrower, so a pattern built from it rules out only what cannot match.
_RE2_WORD_CHARACTER = r"(?:[a-z0-9]|[^\x00-\x7f\p{S}\p{P}\p{Z}\p{C}])"
# A letter, the same way: not a decimal digit either.
_RE2_LETTER = r"(?:[a-z]|[^\x00-\x7f\p{S}\p{P}\p{Z}\p{C}\p{Nd}])"
# The same for RE2, wider, for the rule set's one pass: a draft it does not match has no leetspeak reading.
LEET_GATE = rf"{_RE2_LETTER}[0134579@$!]|[0134579@$!]{_RE2_LETTER}"
# A run of "!" followed by a letter; atomic (possessive) and anchored at the run's start, so a long run
# of "!" is scanned once, not once per position.
_BANG_AS_LETTER = re.compile(r"(?<!!)!++(?=[^\W_]|[@$])")
_LEET_TABLE_WITHOUT_BANG = {key: value for key, value in LEET_TABLE.items() if key != ord("!")}
# Three or more single letters or digits, each followed by one space, dot, hyphen or underscore: "p r o j e c t".
_SPACED_RUN = re.compile(r"(?<![^\W_])[^\W_](?:[ .\-_][^\W_]){2,}(?![^\W_])")
# The same for RE2, wider: a draft it does not match has no spelled-out reading.
SPACED_GATE = rf"{_RE2_WORD_CHARACTER}[ .\-_]{_RE2_WORD_CHARACTER}[ .\-_]{_RE2_WORD_CHARACTER}"
_LETTER = re.compile(r"[^\W\d_]")


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


_LONG_TEXT = 2000
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def fold(text: str) -> FoldedText:
    """Return the folded copy of ``text`` with its offset map."""
    if text.isascii():
        return FoldedText(text, text.lower())
    if len(text) > _LONG_TEXT:
        return _fold_long(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for run in _ASCII_RUNS.finditer(text):
        index = run.start()
        character = run.group()
        if len(character) > 1 or character.isascii():
            pieces.append(character.lower())
            starts.extend(range(index, run.end()))
            ends.extend(range(index + 1, run.end() + 1))
            continue
        folded, attaches = _fold_character(character)
        if folded:
            pieces.append(folded)
            starts.extend([index] * len(folded))
            ends.extend([index + 1] * len(folded))
        elif attaches and ends and ends[-1] == index:
            # Keep accents and emoji modifiers with the character they belong to, so a span never splits them.
            last = len(ends) - 1
            while last >= 0 and ends[last] == index:
                ends[last] = index + 1
                last -= 1
    return FoldedText(text, "".join(pieces), starts, ends)


def _fold_long(text: str) -> FoldedText:
    """Fold a long draft (a paste, or an attack) with the work done per distinct character, not per character.

    Characters that fold to exactly one character are translated in bulk; only
    the others (marks, emoji modifiers, invisible characters, letters that fold
    to two) are handled one occurrence at a time. The result is the same as
    :func:`fold`'s step-by-step way.
    """
    table: dict[int, str | int] = dict(_ASCII_LOWER)
    awkward: list[str] = []
    for character in set(text):
        if character.isascii():
            continue
        folded, _ = _fold_character(character)
        if len(folded) == 1:
            table[ord(character)] = folded
        else:
            awkward.append(character)
    if not awkward:
        # Every character folds to exactly one: offsets stay the same and need no map.
        return FoldedText(text, text.translate(table))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in re.finditer("[" + "".join(re.escape(character) for character in awkward) + "]", text):
        index = match.start()
        if index > position:
            pieces.append(text[position:index].translate(table))
            starts.extend(range(position, index))
            ends.extend(range(position + 1, index + 1))
        folded, attaches = _fold_character(match.group())
        if folded:
            pieces.append(folded)
            starts.extend([index] * len(folded))
            ends.extend([index + 1] * len(folded))
        elif attaches and ends and ends[-1] == index:
            last = len(ends) - 1
            while last >= 0 and ends[last] == index:
                ends[last] = index + 1
                last -= 1
        position = index + 1
    if position < len(text):
        pieces.append(text[position:].translate(table))
        starts.extend(range(position, len(text)))
        ends.extend(range(position + 1, len(text) + 1))
    return FoldedText(text, "".join(pieces), starts, ends)


@functools.cache
def _extender() -> str:
    """Return a character class of what joins the character before it (built once: it scans the Unicode tables)."""
    marks: list[tuple[int, int]] = []
    for code in range(0x300, 0x40000):
        if unicodedata.category(chr(code)) in {"Mn", "Me", "Mc"}:
            if marks and marks[-1][1] == code - 1:
                marks[-1] = (marks[-1][0], code)
            else:
                marks.append((code, code))
    ranges = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in marks)
    return f"[{ranges}\\ufe00-\\ufe0f\\U0001f3fb-\\U0001f3ff\\U000e0020-\\U000e007f\\U000e0100-\\U000e01ef\\u20e3]"


@functools.cache
def _grapheme_pattern() -> re.Pattern[str]:
    """Return a pattern matching one user-perceived character."""
    return re.compile(rf"(?:\r\n|[\U0001f1e6-\U0001f1ff]{{2}}|.)(?:{_extender()}|\u200d.?)*", re.DOTALL)


# Characters X counts twice: everything but Latin, Greek, Cyrillic and other alphabets and common punctuation.
WIDE_CHARACTER = "[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]"


@functools.cache
def _weighted_grapheme_pattern() -> re.Pattern[str]:
    """Return the grapheme pattern with one group that is non-empty when the grapheme starts with a wide character."""
    return re.compile(
        rf"(?:\r\n|([\U0001f1e6-\U0001f1ff]{{2}}|{WIDE_CHARACTER})|.)(?:{_extender()}|\u200d.?)*", re.DOTALL
    )


@functools.cache
def _joiners() -> re.Pattern[str]:
    """Return a pattern finding anything that makes one user-perceived character out of several code points."""
    return re.compile(rf"{_extender()}|\u200d|[\U0001f1e6-\U0001f1ff]")


_JOINS: dict[str, bool] = {}


def _joins(character: str) -> bool:
    found = _JOINS.get(character)
    if found is None:
        found = _JOINS[character] = _joiners().match(character) is not None
    return found


_ASCII_CHARACTERS = frozenset(chr(code) for code in range(128))


def has_joiners(text: str) -> bool:
    """Return whether any code point of ``text`` joins another into one user-perceived character."""
    # Test each distinct character once (a long draft has few distinct characters), each answer kept.
    return any(map(_joins, set(text) - _ASCII_CHARACTERS))


_WIDE = WIDE_PATTERN = re.compile(WIDE_CHARACTER)


def weighted_length(text: str, wide_weight: int) -> int:
    """Return the user-perceived characters of ``text``, counting those that start with a wide character
    ``wide_weight`` times, in one pass of the regular-expression engine."""
    if wide_weight == 1 or text.isascii():
        return grapheme_length(text)
    if not has_joiners(text):
        # Every code point stands alone: count the wide ones without making a match per character.
        return len(text) - text.count("\r\n") + (wide_weight - 1) * len(_WIDE.findall(text))
    groups = _weighted_grapheme_pattern().findall(text)
    wide = len(groups) - groups.count("")
    return len(groups) + (wide_weight - 1) * wide


def grapheme_offsets(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Yield (offset, end) of each user-perceived character of ``text`` from ``start`` on, lazily."""
    if text.isascii() and "\r\n" not in text:
        return ((offset, offset + 1) for offset in range(start, len(text)))
    return (match.span() for match in _grapheme_pattern().finditer(text, start))


def grapheme_starts(text: str) -> list[int]:
    """Return the offsets where each user-perceived character of ``text`` starts.

    Approximate Unicode's extended grapheme clusters closely enough for counting:
    combining marks, variation selectors, skin tones, keycaps and tag sequences join
    the character before them, a zero-width joiner glues two emoji together, and
    two regional indicators make one flag.
    """
    if text.isascii() and "\r\n" not in text:
        return list(range(len(text)))
    return [match.start() for match in _grapheme_pattern().finditer(text)]


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def grapheme_length(text: str) -> int:
    """Return the number of user-perceived characters in ``text``."""
    length = len(text) - text.count("\r\n")
    if text.isascii() or not has_joiners(text):
        return length
    pattern = _grapheme_pattern()
    # Only runs of non-ASCII characters can join up; a run that starts with a mark joins the character before it.
    for run in _NON_ASCII_RUN.finditer(text):
        clusters = len(pattern.findall(run.group()))
        if run.start() > 0 and pattern.match(text, run.start() - 1).end() > run.start():  # type: ignore[union-attr]
            clusters -= 1
        length += clusters - len(run.group())
    return length
