"""The spokesperson register as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from socialu.certification.selectors import REGISTER_HEADERS, RegisterEntry, register_rows
from socialu.core.spreadsheets import csv_lines


def register_csv_lines(entries: Iterable[RegisterEntry]) -> Iterator[bytes]:
    """Yield the register CSV line by line, starting with a byte-order mark for spreadsheets."""
    return csv_lines(REGISTER_HEADERS, register_rows(entries))
