"""Run regular expressions on RE2, a linear-time engine, one at a time or many in one pass.

The organisation's own patterns (personal-data patterns, claim patterns,
disclosure patterns, hostile wording…) are written by admins, so none of them
may be able to stall the server: a backtracking engine takes seconds on
``^(a+)+$`` and a few dozen characters. RE2 takes time proportional to the text
whatever the pattern, and refuses what it cannot run in that time
(look-arounds, back-references, possessive quantifiers); the refusal becomes a
message that says what to write instead.

A :class:`PatternSet` holds many patterns and tells in one pass over a draft
which of them match somewhere, so only those run again to find where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, cast

import re2

# RE2 caps the memory one pattern may use; a bigger pattern is refused when it is saved.
MAX_PATTERN_MEMORY: Final = 8 << 20
MAX_PATTERN_LENGTH: Final = 2_000

# RE2's own error text (after "invalid perl operator: " and the like) → what it means and what to do.
_REASONS: Final = (
    ("invalid perl operator: (?<", "look-behind (?<=…) and (?<!…) cannot run in linear time; use \\b for a word edge"),
    ("invalid perl operator: (?=", "look-ahead (?=…) cannot run in linear time; match the following text, or use \\b"),
    ("invalid perl operator: (?!", "negative look-ahead (?!…) cannot run in linear time; list what may follow instead"),
    ("invalid perl operator: (?>", "atomic groups (?>…) are not supported; write the group without ?>"),
    ("invalid escape sequence: \\", "back-references such as \\1 cannot run in linear time; repeat the text instead"),
    ("bad repetition operator: ++", "possessive quantifiers (++, *+, ?+) are not supported; drop the second +"),
    ("bad repetition operator: *+", "possessive quantifiers (++, *+, ?+) are not supported; drop the +"),
    ("bad repetition operator: ?+", "possessive quantifiers (++, *+, ?+) are not supported; drop the +"),
    ("invalid repetition size", "a repetition count is over 1000; use + or * instead"),
    ("pattern too large", "the pattern is too large; split it into several shorter patterns"),
)


class PatternError(ValueError):
    """Say why a regular expression cannot be used, in words an admin can act on."""


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_PATTERN_MEMORY
    return options


_OPTIONS: Final = _options()


def _reason(message: str) -> str:
    for start, reason in _REASONS:
        if message.startswith(start):
            return f"RE2, the engine that keeps every pattern fast, cannot run it: {reason}"
    return f"not a valid regular expression: {message}"


def _decoded(error: re2.error) -> str:
    argument = error.args[0] if error.args else ""
    return argument.decode("utf-8", "replace") if isinstance(argument, bytes) else str(argument)


@dataclass(frozen=True, slots=True, eq=False)
class Pattern:
    """One regular expression compiled for RE2, matched ignoring case."""

    source: str
    regex: re2._Regexp[str]

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the (start, end) of every non-empty match in ``text``, left to right, in ``str`` offsets."""
        for match in self.regex.finditer(text):
            start, end = match.span()
            if end > start:
                yield start, end

    def search(self, text: str) -> bool:
        """Return whether the pattern matches anywhere in ``text``."""
        return self.regex.search(text) is not None


def compile_pattern(source: str) -> Pattern:
    """Return ``source`` compiled for RE2, or raise :class:`PatternError` saying what is wrong and what to do."""
    if len(source) > MAX_PATTERN_LENGTH:
        raise PatternError(f"the pattern is longer than {MAX_PATTERN_LENGTH:,} characters; split it")
    try:
        regex = re2.compile(source, _OPTIONS)
    except re2.error as error:
        raise PatternError(_reason(_decoded(error))) from None
    if regex.fullmatch("") is not None:
        raise PatternError("the regular expression matches empty text, so it would match anywhere")
    return Pattern(source, regex)


class PatternSet:
    """Many patterns searched in one pass: :meth:`matching` says which of them match somewhere in a text."""

    def __init__(self) -> None:
        """Start an empty set; add patterns, then :meth:`compile`."""
        self._set = re2.Set.SearchSet(_OPTIONS)
        self._count = 0
        self._compiled = False

    def __len__(self) -> int:
        """Return how many patterns the set holds."""
        return self._count

    def add(self, source: str) -> int | None:
        """Add ``source`` and return its index, or None when RE2 cannot run it (then it is never ruled out)."""
        if self._compiled:
            raise RuntimeError("add patterns before compiling the set")
        try:
            index = self._set.Add(source)
        except re2.error:
            return None
        self._count += 1
        return index

    def compile(self) -> None:
        """Build the set's automaton; call once, after the last :meth:`add`."""
        if self._count:
            self._set.Compile()
        self._compiled = True

    def matching(self, text: bytes) -> frozenset[int]:
        """Return the indexes of the patterns that match somewhere in ``text`` (UTF-8)."""
        if not self._count:
            return frozenset()
        # The stub says bool; RE2's Set answers the list of matching indexes (or None for none).
        found = cast("list[int] | None", self._set.Match(text))
        return frozenset(found) if found else frozenset()
