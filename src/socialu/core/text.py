"""Keep control characters out of the text people give SocialU.

A name with a NUL, BEL or ESC in it breaks exports (spreadsheets refuse such
characters) and, printed in a terminal, can move the cursor, change colours or
retitle the window. Every way text comes in — browser forms
(:class:`socialu.core.middleware.CleanSubmittedTextMiddleware`), the REST API
(:class:`socialu.core.api_input.CleanTextParser`), services fed by files and the
command line, the roster import — passes it through :func:`clean_text`. Exports
and the command line clean what they write once more, for text stored before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Names of the views and API operations that clean text themselves (see keeps_control_characters).
_KEEPING: set[str] = set()

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls
# (U+0080–U+009F, which include a one-character "escape sequence introducer").
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|\n|\t")


def has_control_characters(value: str) -> bool:
    """Return whether *value* holds a control character other than tab and line breaks."""
    return _CONTROLS.search(value) is not None


def strip_control_characters(value: str) -> str:
    """Return *value* without its control characters, keeping tabs and line breaks exactly as they are."""
    return _CONTROLS.sub("", value) if _CONTROLS.search(value) else value


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return *value* without control characters.

    Multi-line text keeps tabs and line breaks (a carriage return and line
    feed becomes a line feed). Single-line text, such as a name, has them
    turned into spaces. Nothing else changes: no trimming, no other rewriting.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n") if multiline else _LINE_BREAKS.sub(" ", value)
    return _CONTROLS.sub("", text)


def clean_submitted(value: Any) -> Any:
    """Return *value* (text, or lists and mappings of it) without control characters, keeping line breaks.

    For input whose fields' kinds are not known here (a form post, a JSON
    body); the services make single-line fields single-line.
    """
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list):
        return [clean_submitted(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_submitted(item) for key, item in value.items()}
    return value


def terminal_safe(value: str) -> str:
    """Return *value* as text a terminal prints without obeying any of it (no escapes, no bells)."""
    return _CONTROLS.sub("", value.replace("\r", ""))


def keeps_control_characters[View: Callable[..., Any]](view: View) -> View:
    """Mark a page or API operation whose service removes control characters itself and tells the person.

    The practice sandbox counts what it removed from a draft ("We removed 2
    invisible characters"); cleaning the input before it would hide that.
    Put this decorator closest to the function, under ``@org_view`` or the
    router's decorator.
    """
    view.keeps_control_characters = True  # type: ignore[attr-defined]
    _KEEPING.add(view.__name__)
    return view


def view_keeps_control_characters(view: object = None, *, name: str = "") -> bool:
    """Return whether the view (or the API operation named *name*) cleans its own input."""
    return bool(getattr(view, "keeps_control_characters", False)) or (bool(name) and name in _KEEPING)
