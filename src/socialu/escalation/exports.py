"""Write the decision log as CSV or XLSX, with every cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, BinaryIO

from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.escalation.selectors import LOG_HEADERS, LogFilters, log_rows


class _Echo:
    def write(self, value: str) -> str:
        return value


def log_csv_lines(*, organisation: Organisation, filters: LogFilters) -> Iterator[bytes]:
    """Yield the decision log as CSV line by line, starting with a byte-order mark for spreadsheets."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode() + writer.writerow(LOG_HEADERS).encode()
    for row in log_rows(organisation=organisation, filters=filters):
        yield writer.writerow([spreadsheet_safe(value) for value in row]).encode()


def log_xlsx_write(*, organisation: Organisation, filters: LogFilters, output: BinaryIO | str) -> int:
    """Write the decision log workbook to *output*; every cell is text, never a formula. Return the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("Decision log")
    sheet.append(LOG_HEADERS)
    count = 0
    for row in log_rows(organisation=organisation, filters=filters):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(output)
    return count
