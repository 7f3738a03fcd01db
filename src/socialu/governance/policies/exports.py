"""Write a policy's coverage (one row per person) as CSV or XLSX, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from socialu.core.models import Organisation
from socialu.core.spreadsheets import csv_lines, xlsx_write
from socialu.governance.models import Policy
from socialu.governance.policies.selectors import COVERAGE_HEADERS, coverage_rows


def coverage_csv_lines(*, organisation: Organisation, policy: Policy) -> Iterator[bytes]:
    """Yield the coverage CSV line by line, starting with a byte-order mark for spreadsheets."""
    return csv_lines(COVERAGE_HEADERS, coverage_rows(organisation=organisation, policy=policy))


def coverage_xlsx_write(*, organisation: Organisation, policy: Policy, output: BinaryIO) -> int:
    """Write the coverage workbook to *output*; every cell is text, never a formula. Return the row count."""
    return xlsx_write(
        output, title="Coverage", headers=COVERAGE_HEADERS, rows=coverage_rows(organisation=organisation, policy=policy)
    )
