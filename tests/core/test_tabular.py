"""The shared tabular reader: bounded XLSX reading (issue 10 items 1, 5, 13, 17) and its refusals."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.test import override_settings
from openpyxl import Workbook

from socialu.core.errors import InvalidInputError
from socialu.core.tabular import Limits, TabularFileError, open_table, read_records

HEADERS = ["Employee ID", "Name", "Email"]


def workbook_file(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rewrite_part(path: Path, part: str, change: object) -> Path:
    """Rewrite one part of a workbook's ZIP archive with *change* (a function of the old bytes)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    assert callable(change)
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def rows_of(path: Path, **kwargs: object) -> tuple[list[str], list[list[str]]]:
    with open_table(path=path, **kwargs) as table:  # type: ignore[arg-type]
        return table.headers, list(table.rows)


def test_a_stale_dimension_reads_every_real_row(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [HEADERS, *([f"E{n}", f"Person {n}", f"p{n}@acme.example"] for n in range(1, 102))]
    path = workbook_file(tmp_path / "stale.xlsx", rows)
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C2"', data),
    )
    with zipfile.ZipFile(path) as archive:
        assert b'<dimension ref="A1:C2"' in archive.read("xl/worksheets/sheet1.xml")

    headers, data = rows_of(path)

    assert headers == HEADERS
    assert len(data) == 101
    assert data[-1] == ["E101", "Person 101", "p101@acme.example"]


def test_a_declared_dimension_of_the_whole_sheet_is_refused_fast(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet["XFD1048576"] = "x"
    path = tmp_path / "huge.xlsx"
    workbook.save(path)
    assert path.stat().st_size < 10_000
    with zipfile.ZipFile(path) as archive:
        assert b'ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")

    started = time.perf_counter()
    with pytest.raises(TabularFileError, match="column 16384; at most 1024 columns"):
        rows_of(path)
    assert time.perf_counter() - started < 5


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = workbook_file(tmp_path / "bomb.xlsx", [HEADERS, ["E1", "Ann", "ann@acme.example"]])
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda data: data + b" " * (30 * 1024 * 1024))
    assert path.stat().st_size < 200_000

    with pytest.raises(TabularFileError, match="which no real spreadsheet does"):
        rows_of(path)


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = workbook_file(tmp_path / "big.xlsx", [HEADERS, ["E1", "Ann", "ann@acme.example"]])

    with override_settings(SOCIALU_TABULAR_MAX_UNCOMPRESSED_BYTES=1000), pytest.raises(TabularFileError) as raised:
        rows_of(path)

    assert "unpacks to" in str(raised.value)


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    ],
)
def test_a_workbook_with_a_dtd_is_refused_with_a_clear_message(tmp_path: Path, declaration: bytes) -> None:
    path = workbook_file(tmp_path / "dtd.xlsx", [HEADERS, ["E1", "Ann", "ann@acme.example"]])
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda data: declaration + data)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/worksheets/sheet1.xml").startswith(b"<!DOCTYPE")

    with pytest.raises(TabularFileError) as raised:
        rows_of(path)

    assert "document type declaration (DTD) in xl/worksheets/sheet1.xml" in str(raised.value)
    assert isinstance(raised.value, InvalidInputError)


def test_rows_beyond_the_cap_are_refused(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [HEADERS, *([f"E{n}", "A", "a@acme.example"] for n in range(20))]
    path = workbook_file(tmp_path / "rows.xlsx", rows)

    with override_settings(SOCIALU_TABULAR_MAX_ROWS=10), pytest.raises(TabularFileError, match="at most 10 rows"):
        rows_of(path)


def test_a_cell_beyond_the_length_cap_is_refused_with_its_place(tmp_path: Path) -> None:
    path = workbook_file(tmp_path / "long.xlsx", [HEADERS, ["E1", "A" * 500, "a@acme.example"]])

    with override_settings(SOCIALU_TABULAR_MAX_CELL_LENGTH=100), pytest.raises(TabularFileError) as raised:
        rows_of(path)

    assert str(raised.value).startswith("Row 2, column 2 holds 500 characters; at most 100 are read.")


def test_too_many_header_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"C{n}" for n in range(30)) + "\n", encoding="utf-8")

    with override_settings(SOCIALU_TABULAR_MAX_COLUMNS=20), pytest.raises(TabularFileError, match="30 columns"):
        rows_of(path)


def test_gaps_between_rows_keep_the_sheet_line_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet["A4"] = "E4"
    path = tmp_path / "gaps.xlsx"
    workbook.save(path)

    _headers, data = rows_of(path)

    assert data == [[], [], ["E4"]]


def test_limits_come_from_the_settings() -> None:
    with override_settings(SOCIALU_TABULAR_MAX_ROWS=7):
        assert Limits.from_settings().max_rows == 7
    assert Limits.from_settings().max_rows == 1_048_576


def test_read_records_reads_csv_and_xlsx_alike(tmp_path: Path) -> None:
    xlsx = workbook_file(tmp_path / "a.xlsx", [HEADERS, ["E1", "Zoë", "z@acme.example"], [None, None, None]])
    csv_bytes = "Employee ID,Name,Email\nE1,Zoë,z@acme.example\n\n".encode("cp1252")

    assert read_records(xlsx, filename="a.xlsx") == [{"Employee ID": "E1", "Name": "Zoë", "Email": "z@acme.example"}]
    assert read_records(csv_bytes, filename="a.csv") == [
        {"Employee ID": "E1", "Name": "Zoë", "Email": "z@acme.example"}
    ]
