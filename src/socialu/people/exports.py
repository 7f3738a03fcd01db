"""Export an organisation's people as CSV or XLSX, streamed and safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from socialu.core.models import Organisation
from socialu.core.spreadsheets import csv_lines, spreadsheet_safe, xlsx_write
from socialu.people.models import GenerationBand, Person

EXPORT_HEADERS: list[str] = [
    "Employee ID",
    "Name",
    "Email",
    "Unit",
    "Audience",
    "Job title",
    "Location",
    "Manager ID",
    "Generation band",
    "External",
    "Active",
]
# A spreadsheet treats a cell starting with one of these as a formula (or strips it and runs the rest).
_CHUNK = 5000
_GENERATION_LABELS = dict(GenerationBand.choices)

ExportFormat = Literal["csv", "xlsx"]


def _rows(*, organisation: Organisation, active: bool | None, audience: str | None) -> Iterator[list[str]]:
    """Yield each person's export row, neutralised, in employee id order."""
    people = Person.objects.filter(organisation=organisation)
    if active is not None:
        people = people.filter(is_active=active)
    if audience:
        people = people.filter(audience=audience)
    columns = people.order_by("employee_id").values_list(
        "employee_id",
        "name",
        "email",
        "unit__path",
        "audience",
        "job_title",
        "location",
        "manager__employee_id",
        "generation_band",
        "is_external",
        "is_active",
    )
    for (
        employee_id,
        name,
        email,
        unit,
        person_audience,
        job,
        location,
        manager,
        band,
        external,
        is_active,
    ) in columns.iterator(chunk_size=_CHUNK):
        yield [
            spreadsheet_safe(employee_id),
            spreadsheet_safe(name),
            spreadsheet_safe(email),
            spreadsheet_safe(unit or ""),
            person_audience,
            spreadsheet_safe(job),
            spreadsheet_safe(location),
            spreadsheet_safe(manager or ""),
            _GENERATION_LABELS.get(band, ""),
            "Yes" if external else "No",
            "Active" if is_active else "Inactive",
        ]


def people_export(
    *,
    organisation: Organisation,
    format: ExportFormat,
    output: BinaryIO | Path,
    active: bool | None = None,
    audience: str | None = None,
) -> int:
    """Write the organisation's people to *output* as CSV or XLSX and return how many were written.

    Rows are streamed from the database. Every text cell that a spreadsheet
    would run as a formula is prefixed with a single quote. The file imports
    back into SocialU with the default column mapping.
    """
    if format not in ("csv", "xlsx"):
        raise ValueError(f"Unknown export format {format!r}; use 'csv' or 'xlsx'.")
    rows = _rows(organisation=organisation, active=active, audience=audience)
    if isinstance(output, Path):
        with output.open("wb") as handle:
            return _write(format, rows, handle)
    return _write(format, rows, output)


def _write(format: ExportFormat, rows: Iterator[list[str]], handle: BinaryIO) -> int:
    if format == "xlsx":
        return xlsx_write(handle, title="People", headers=EXPORT_HEADERS, rows=rows)
    lines = 0
    for line in csv_lines(EXPORT_HEADERS, rows):
        handle.write(line)
        lines += 1
    return lines - 1  # the header is not a row
