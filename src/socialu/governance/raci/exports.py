"""Write the "who does what" (RACI) matrix as CSV text or an Excel workbook."""

from __future__ import annotations

import csv
import io
from typing import Any

from socialu.core.models import Organisation
from socialu.governance.raci.selectors import raci_export_rows


def raci_csv_text(*, organisation: Organisation) -> str:
    """Return the matrix as CSV text: one row per activity, one column per party."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(raci_export_rows(organisation=organisation))
    return buffer.getvalue()


def raci_xlsx_bytes(*, organisation: Organisation) -> bytes:
    """Return the matrix as an Excel workbook; every cell is text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("Who does what")
    for row in raci_export_rows(organisation=organisation):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
