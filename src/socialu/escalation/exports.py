"""Write the decision log as CSV or XLSX, with every cell safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from socialu.core.models import Organisation
from socialu.core.spreadsheets import csv_lines, xlsx_write
from socialu.escalation.selectors import LOG_HEADERS, LogFilters, log_rows


def log_csv_lines(*, organisation: Organisation, filters: LogFilters) -> Iterator[bytes]:
    """Yield the decision log as CSV line by line, starting with a byte-order mark for spreadsheets."""
    return csv_lines(LOG_HEADERS, log_rows(organisation=organisation, filters=filters))


def log_xlsx_write(*, organisation: Organisation, filters: LogFilters, output: BinaryIO | str) -> int:
    """Write the decision log workbook to *output*; every cell is text, never a formula. Return the row count."""
    return xlsx_write(
        output, title="Decision log", headers=LOG_HEADERS, rows=log_rows(organisation=organisation, filters=filters)
    )
