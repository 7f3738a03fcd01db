"""The spokesperson register as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from socialu.certification.selectors import REGISTER_HEADERS, RegisterEntry, register_rows


class _Echo:
    def write(self, value: str) -> str:
        return value


def register_csv_lines(entries: Iterable[RegisterEntry]) -> Iterator[bytes]:
    """Yield the register CSV line by line, starting with a byte-order mark for spreadsheets."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode() + writer.writerow(REGISTER_HEADERS).encode()
    for row in register_rows(entries):
        yield writer.writerow(row).encode()
