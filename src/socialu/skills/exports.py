"""Write tables of the skills app (standings, the champions register) as CSV text or an Excel workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.skills.evidence import EvidenceKind
from socialu.skills.models import Skill
from socialu.skills.selectors import skill_standing

STANDING_HEADER = [
    "Rank",
    "Employee ID",
    "Name",
    "Location",
    "Score",
    "Evidence items",
    "Earned items",
    "Practice reviews passed",
    "Courses and quizzes",
    "Certificates",
    "Endorsements",
    "Self-rating",
    "Latest evidence",
]


def standing_rows(*, organisation: Organisation, skill: Skill) -> list[list[str]]:
    """Return the header and one row per person with evidence in *skill*, best first (counts, never content)."""
    rows = [STANDING_HEADER]
    for rank, standing in enumerate(skill_standing(organisation, skill), start=1):
        kinds = [item.kind for item in standing.items]
        rating = next((item.label for item in standing.items if item.kind == EvidenceKind.SELF_RATING), "")
        rows.append(
            [
                str(rank),
                standing.person.employee_id,
                standing.person.name,
                standing.person.location,
                f"{standing.score:.2f}",
                str(len(kinds)),
                str(sum(1 for item in standing.items if item.earned)),
                str(kinds.count(EvidenceKind.PRACTICE)),
                str(kinds.count(EvidenceKind.COURSE) + kinds.count(EvidenceKind.QUIZ)),
                str(kinds.count(EvidenceKind.CERTIFICATE)),
                str(kinds.count(EvidenceKind.ENDORSEMENT)),
                rating,
                max(item.occurred_at for item in standing.items).date().isoformat(),
            ]
        )
    return rows


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Return *rows* as CSV text, every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return buffer.getvalue()


def xlsx_write(rows: Iterable[Sequence[str]], *, title: str, output: BinaryIO) -> None:
    """Write *rows* to *output* as a one-sheet workbook; every cell is text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(output)


def standing_csv(*, organisation: Organisation, skill: Skill) -> str:
    return csv_text(standing_rows(organisation=organisation, skill=skill))


def standing_xlsx_write(*, organisation: Organisation, skill: Skill, output: BinaryIO) -> None:
    xlsx_write(standing_rows(organisation=organisation, skill=skill), title=skill.name, output=output)
