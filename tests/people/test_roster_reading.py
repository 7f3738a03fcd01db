"""Reading roster files: encodings, delimiters, XLSX, column mapping and file-level problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from openpyxl import Workbook

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.roster import ROSTER_FIELDS, RosterImportError, roster_import, roster_read_headers

ROWS = [["E1", "Zoë Ångström", "zoe@acme.example", "Café > Crème"], ["E2", "Renée Faße", "renee@acme.example", ""]]
HEADERS = ["Employee Number", "Full Name", "Email Address", "Department"]


def write_text(path: Path, encoding: str, delimiter: str = ",", rows: list[list[str]] = ROWS) -> Path:
    lines = [delimiter.join(HEADERS), *(delimiter.join(row) for row in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def names(organisation: Organisation) -> list[str]:
    return list(Person.objects.filter(organisation=organisation).order_by("employee_id").values_list("name", flat=True))


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "latin-1"]
)
def test_csv_in_every_common_encoding(organisation: Organisation, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "roster.csv"
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
        path.write_bytes(bom + write_text(tmp_path / "plain.csv", codec).read_bytes())
    else:
        write_text(path, encoding)

    result = roster_import(organisation=organisation, path=path)

    assert result.applied, result.errors
    assert names(organisation) == ["Zoë Ångström", "Renée Faße"]
    assert Person.objects.get(organisation=organisation, employee_id="E1").unit.path == "Café › Crème"  # type: ignore[union-attr]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(organisation: Organisation, tmp_path: Path, delimiter: str) -> None:
    path = write_text(tmp_path / "roster.csv", "utf-8", delimiter)

    result = roster_import(organisation=organisation, path=path)

    assert result.created == 2
    assert names(organisation) == ["Zoë Ångström", "Renée Faße"]


def test_quoted_fields_with_delimiters_and_newlines(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text('Employee ID;Name;Email\nE1;"Smith; Ann\nJr";ann@acme.example\n', encoding="utf-8")

    roster_import(organisation=organisation, path=path)

    assert names(organisation) == ["Smith; Ann\nJr"]


def test_xlsx_first_sheet_with_numbers_and_empty_cells(organisation: Organisation, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Worker ID", "Legal Name", "Work Email", "Manager ID", "Active"])
    sheet.append([1001, "Ann Smith", "ann@acme.example", None, True])
    sheet.append([1002.0, "Bob Jones", "bob@acme.example", 1001, "Inactive"])
    workbook.create_sheet("Notes").append(["ignored"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    result = roster_import(organisation=organisation, path=path)

    assert result.created == 2, result.errors
    bob = Person.objects.get(organisation=organisation, employee_id="1002")
    assert bob.manager is not None
    assert bob.manager.employee_id == "1001"
    assert not bob.is_active


def test_xlsx_detected_by_content_whatever_the_name(organisation: Organisation, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Employee ID", "Name", "Email"])
    sheet.append(["E1", "Ann", "ann@acme.example"])
    path = tmp_path / "upload.bin"
    workbook.save(path)

    assert roster_import(organisation=organisation, path=path, filename="roster.dat").created == 1


def test_read_headers_suggests_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Person Number,Preferred Name,Primary Work Email,Supervisory Organization,Reports To,Position,Site,"
        "SocialU Audience,Generation Band,Worker Type,Employment Status,Favourite Colour\n",
        encoding="utf-8",
    )

    headers, mapping = roster_read_headers(path=path)

    assert headers[-1] == "Favourite Colour"
    assert mapping == {
        "Person Number": "employee_id",
        "Preferred Name": "name",
        "Primary Work Email": "email",
        "Supervisory Organization": "unit",
        "Reports To": "manager_employee_id",
        "Position": "job_title",
        "Site": "location",
        "SocialU Audience": "audience",
        "Generation Band": "generation_band",
        "Worker Type": "is_external",
        "Employment Status": "is_active",
    }
    assert {field.name for field in ROSTER_FIELDS} == {*mapping.values(), "first_name", "last_name"}


def test_explicit_mapping_overrides_and_ignores(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Staff Ref,Name,Email,Location\nS1,Ann,ann@acme.example,Mars\n", encoding="utf-8")

    result = roster_import(
        organisation=organisation, path=path, mapping={"staff ref": "employee_id", "Location": "ignore"}
    )

    assert result.mapping == {"Staff Ref": "employee_id", "Name": "name", "Email": "email"}
    assert Person.objects.get(organisation=organisation, employee_id="S1").location == ""


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Nope": "email"}, "has no such column"),
        ({"Full Name": "shoe_size"}, "not a person field"),
    ],
)
def test_bad_explicit_mapping(
    organisation: Organisation, tmp_path: Path, mapping: dict[str, str], message: str
) -> None:
    path = write_text(tmp_path / "r.csv", "utf-8")

    with pytest.raises(RosterImportError, match=message):
        roster_import(organisation=organisation, path=path, mapping=mapping)


def test_required_column_missing(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Employee ID,Name\nE1,Ann\n", encoding="utf-8")

    with pytest.raises(RosterImportError, match=r"no column for Email\. Its columns are: Employee ID, Name"):
        roster_import(organisation=organisation, path=path)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "r.csv", "The file is empty"),
        (b"\n\nE1,Ann\n", "r.csv", "first line of the file is empty"),
        (b"\xd0\xcf\x11\xe0rest", "r.xls", "Old .xls workbooks are not supported"),
        (b"Employee ID,Name", "r.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04broken", "r.xlsx", "could not be opened"),
        (b"Employee ID,Email,Email\n", "r.csv", "appears twice"),
    ],
)
def test_unreadable_files_raise_a_message_a_person_can_act_on(
    organisation: Organisation, tmp_path: Path, content: bytes, filename: str, message: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(content)

    with pytest.raises(RosterImportError, match=message):
        roster_import(organisation=organisation, path=path)


def test_file_over_the_upload_limit(organisation: Organisation, tmp_path: Path) -> None:
    path = write_text(tmp_path / "r.csv", "utf-8")

    with path.open("ab") as handle:
        handle.write(b"," * (3 * 1024 * 1024))
    with override_settings(SOCIALU_MAX_UPLOAD_BYTES=1024 * 1024), pytest.raises(RosterImportError) as raised:
        roster_import(organisation=organisation, path=path)

    assert str(raised.value) == (
        "The file is 3 MB; the limit is 1 MB. Split the file or ask your administrator to raise SOCIALU_MAX_UPLOAD_MB."
    )


def test_cells_beyond_the_last_header_are_ignored(organisation: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Employee ID,Name,Email\nE1,Ann,ann@acme.example,stray,Paris\nE2,Bob\n", encoding="utf-8")

    result = roster_import(organisation=organisation, path=path)

    assert [(e.line, e.field) for e in result.errors] == [(3, "email")]
    assert result.rows == 2
