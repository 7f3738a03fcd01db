"""What every inline SVG chart shares: layouts that stay legible from a phone to a wide screen.

A chart scaled as one picture (an SVG ``viewBox``) shrinks its text with it:
text drawn at 12 units in a 640-unit chart is 6 pixels tall on a phone. So
SocialU's charts have no ``viewBox``. Across the page they are laid out in
*percent* of the chart's width (bars, columns, points and where text starts),
down the page in pixels, and their text is set in pixels by the stylesheet,
so it is the same size at any width. Labels are never cut: a long one is
wrapped onto more lines above its bars, every mark says in full what it shows
on hover (an SVG ``<title>``), and each chart has a table with the same
numbers. Pure Python: the apps' chart modules build on these helpers.
"""

from __future__ import annotations

import textwrap

# The smallest text a chart draws, in CSS pixels (set in socialu.css; checked by a browser test at phone width).
MIN_TEXT_PX = 12
# Characters per line of a wrapped label: fits a phone-wide chart (about 300 px) at 12-13 px text.
LABEL_LINE_CHARACTERS = 36


def percent(value: float) -> float:
    """Return *value* (a share of the chart's width, 0–100) rounded for the markup."""
    return round(max(0.0, min(100.0, value)), 2)


def wrap_label(text: str, width: int = LABEL_LINE_CHARACTERS) -> list[str]:
    """Return *text* in lines of at most *width* characters, broken between words (never cut)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return lines or [text]
