"""A programme's pairings as CSV or XLSX, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.mentoring.models import Programme
from socialu.mentoring.selectors import pairings

ExportFormat = Literal["csv", "xlsx"]
HEADERS = [
    "Programme",
    "Mentee",
    "Mentee email",
    "Mentor",
    "Mentor email",
    "Status",
    "Fit",
    "Why",
    "Started",
    "Last met",
    "Goals",
    "Closure reason",
]


def _rows(organisation: Organisation, programme: Programme) -> Iterator[list[str]]:
    for pairing in pairings(organisation=organisation, programme=programme).iterator(chunk_size=2000):
        yield [
            spreadsheet_safe(value)
            for value in (
                programme.name,
                pairing.mentee.name,
                pairing.mentee.email,
                pairing.mentor.name,
                pairing.mentor.email,
                pairing.get_status_display(),
                f"{pairing.fit:.3f}",
                pairing.explanation,
                pairing.started_at.date().isoformat() if pairing.started_at else "",
                pairing.last_met_on.isoformat() if pairing.last_met_on else "",
                pairing.goals,
                pairing.closure_reason,
            )
        ]


def pairings_export(*, organisation: Organisation, programme: Programme, format: ExportFormat, output: BinaryIO) -> int:
    """Write the programme's pairings to *output*; return how many rows were written."""
    rows = _rows(organisation, programme)
    if format == "csv":
        text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(HEADERS)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
            text.flush()
        finally:
            text.detach()
        return count
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("Pairings")
    sheet.append(HEADERS)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # always text, never a formula
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(output)
    return count
