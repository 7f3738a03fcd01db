"""Make text safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, in some versions, a tab or carriage return) as a formula,
so a person's name such as ``=HYPERLINK(...)`` could run when an export is
opened. Every CSV or XLSX that SocialU writes passes its cells through here.

Control characters are dropped on the way too: an XLSX cannot hold them (the
writer refuses the whole file), and text stored before SocialU cleaned its
input may still carry some.
"""

from __future__ import annotations

from socialu.core.text import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """Return *value* as text that a spreadsheet shows as text, never runs, and that an XLSX can hold."""
    text = "" if value is None else strip_control_characters(str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text
