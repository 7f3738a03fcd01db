"""Make text safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, in some versions, a tab or carriage return) as a formula,
so a person's name such as ``=HYPERLINK(...)`` could run when an export is
opened. Every CSV or XLSX that SocialU writes passes its cells through here.

Control characters are dropped on the way too: an XLSX cannot hold them (the
writer refuses the whole file), and text stored before SocialU cleaned its
input may still carry some.

Exports are written with :func:`csv_lines` (streamed, line by line) and
:func:`xlsx_write` (a write-only workbook), which pass every cell through
:func:`spreadsheet_safe` and keep every XLSX cell as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from socialu.core.text import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """Return *value* as text that a spreadsheet shows as text, never runs, and that an XLSX can hold."""
    text = "" if value is None else strip_control_characters(str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Line:
    """A file-like object whose ``write`` hands back what it was given, so ``csv.writer`` yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Iterable[object]]) -> Iterator[bytes]:
    """Yield a CSV file line by line: UTF-8 with a byte-order mark (so spreadsheets read accents), every cell safe."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([spreadsheet_safe(header) for header in headers]).encode()
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row]).encode()


def xlsx_write(output: BinaryIO | str, *, title: str, headers: Sequence[str], rows: Iterable[Iterable[object]]) -> int:
    """Write a one-sheet workbook to *output*: every cell is safe text, never a formula. Return the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title)
    sheet.append([spreadsheet_safe(header) for header in headers])
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(output)
    return count
