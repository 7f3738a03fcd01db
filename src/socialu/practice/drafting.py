"""Clean what a learner typed or pasted, and say what is wrong with it. Pure Python.

Newlines and tabs are kept; other control characters (which a paste from a
terminal or a PDF can carry, and which no platform shows) are removed and
counted so that the page can say so. Right-to-left text and the invisible
direction marks and joiners that emoji and scripts rely on are format
characters, not control characters, and are kept as typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_SUBMIT_CHARACTERS = 20_000
# A draft may be saved longer than it may be submitted, so a long paste is never lost;
# beyond this it is refused outright (about 200 KB of text).
MAX_DRAFT_CHARACTERS = 200_000
_KEPT_CONTROLS = frozenset("\n\t")


@dataclass(frozen=True)
class CleanText:
    """The text with control characters removed, and how many were."""

    text: str
    removed_controls: int

    @property
    def too_long_to_submit(self) -> bool:
        return len(self.text) > MAX_SUBMIT_CHARACTERS

    @property
    def too_long_to_save(self) -> bool:
        return len(self.text) > MAX_DRAFT_CHARACTERS

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def clean_draft_text(text: str) -> CleanText:
    """Return *text* with Windows line endings made plain and control characters other than newline and tab removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [character for character in text if character in _KEPT_CONTROLS or unicodedata.category(character) != "Cc"]
    return CleanText(text="".join(kept), removed_controls=len(text) - len(kept))


def controls_message(removed: int) -> str:
    """Return the sentence telling the learner that invisible characters were removed, or ''."""
    if not removed:
        return ""
    noun = "character" if removed == 1 else "characters"
    return f"We removed {removed} invisible control {noun} (from a paste, probably): no platform would show them."


def too_long_message(length: int) -> str:
    """Return the sentence telling the learner a draft is too long to submit."""
    return (
        f"Your draft is {length:,} characters long; a practice answer can be at most {MAX_SUBMIT_CHARACTERS:,}. "
        "It is saved as it is: shorten it, then submit."
    )


EMPTY_MESSAGE = "Your draft is empty: write your answer before you submit it."
TOO_LONG_TO_SAVE_MESSAGE = (
    f"That is more than {MAX_DRAFT_CHARACTERS:,} characters, too long to save. "
    "Nothing was changed: paste a shorter text."
)
