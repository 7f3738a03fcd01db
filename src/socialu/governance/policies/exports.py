"""Write a policy's coverage (one row per person) as CSV or XLSX, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, BinaryIO

from socialu.core.models import Organisation
from socialu.governance.models import Policy
from socialu.governance.policies.selectors import COVERAGE_HEADERS, coverage_rows


class _Echo:
    def write(self, value: str) -> str:
        return value


def coverage_csv_lines(*, organisation: Organisation, policy: Policy) -> Iterator[bytes]:
    """Yield the coverage CSV line by line, starting with a byte-order mark for spreadsheets."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode() + writer.writerow(COVERAGE_HEADERS).encode()
    for row in coverage_rows(organisation=organisation, policy=policy):
        yield writer.writerow(row).encode()


def coverage_xlsx_write(*, organisation: Organisation, policy: Policy, output: BinaryIO) -> int:
    """Write the coverage workbook to *output*; every cell is text, never a formula. Return the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("Coverage")
    sheet.append(COVERAGE_HEADERS)
    count = 0
    for row in coverage_rows(organisation=organisation, policy=policy):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(output)
    return count
