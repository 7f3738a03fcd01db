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
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

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

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span for the folded span ``start:end`` (``end`` exclusive, ``start < end``)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    @property
    def words(self) -> list[Word]:
        """Return the words (runs of letters and digits) of the folded text."""
        return self.view("plain")[0]

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


_LEET_SEARCH = re.compile(r"[0134579@$!]")
# Three or more single letters or digits, each followed by one space, dot, hyphen or underscore: "p r o j e c t".
_SPACED_RUN = re.compile(r"(?<![^\W_])[^\W_](?:[ .\-_][^\W_]){2,}(?![^\W_])")
_LETTER = re.compile(r"[^\W\d_]")


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


def fold(text: str) -> FoldedText:
    """Return the folded copy of ``text`` with its offset map."""
    if text.isascii():
        return FoldedText(text, text.lower())
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


@functools.cache
def _grapheme_pattern() -> re.Pattern[str]:
    """Return a pattern matching one user-perceived character (built once: it scans the Unicode tables)."""
    marks: list[tuple[int, int]] = []
    for code in range(0x300, 0x40000):
        if unicodedata.category(chr(code)) in {"Mn", "Me", "Mc"}:
            if marks and marks[-1][1] == code - 1:
                marks[-1] = (marks[-1][0], code)
            else:
                marks.append((code, code))
    ranges = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in marks)
    extender = f"[{ranges}\\ufe00-\\ufe0f\\U0001f3fb-\\U0001f3ff\\U000e0020-\\U000e007f\\U000e0100-\\U000e01ef\\u20e3]"
    return re.compile(
        rf"(?:\r\n|[\U0001f1e6-\U0001f1ff]{{2}}|.)(?:{extender}|\u200d.?)*",
        re.DOTALL,
    )


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
    if text.isascii():
        return length
    pattern = _grapheme_pattern()
    # Only runs of non-ASCII characters can join up; a run that starts with a mark joins the character before it.
    for run in _NON_ASCII_RUN.finditer(text):
        clusters = len(pattern.findall(run.group()))
        if run.start() > 0 and pattern.match(text, run.start() - 1).end() > run.start():  # type: ignore[union-attr]
            clusters -= 1
        length += clusters - len(run.group())
    return length
