"""People export: CSV and XLSX, safe against formula injection, and re-importable."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from socialu.core.models import Organisation
from socialu.people.exports import EXPORT_HEADERS, people_export
from socialu.people.models import Person, Unit
from socialu.people.roster import roster_import
from tests.factories import PersonFactory

DANGEROUS = '=HYPERLINK("http://x","y")'


@pytest.fixture
def people(organisation: Organisation) -> list[Person]:
    unit = Unit.objects.create(organisation=organisation, name="Sales", path="Sales", depth=0, kind="division")
    boss = PersonFactory.create(
        organisation=organisation, employee_id="E1", name="Ann Boss", email="ann@acme.example", audience="leadership"
    )
    return [
        boss,
        PersonFactory.create(
            organisation=organisation,
            employee_id="E2",
            name=DANGEROUS,
            email="bob@acme.example",
            unit=unit,
            manager=boss,
            manager_employee_id="E1",
            job_title="+44 20 7946 0000",
            location="@home",
            generation_band="gen_x",
            is_external=True,
        ),
        PersonFactory.create(
            organisation=organisation, employee_id="E3", name="Cy Gone", email="cy@acme.example", is_active=False
        ),
    ]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_export_has_the_columns_and_neutralises_formulas(organisation: Organisation, people: list[Person]) -> None:
    output = io.BytesIO()

    count = people_export(organisation=organisation, format="csv", output=output)

    rows = read_csv(output.getvalue())
    assert count == 3
    assert rows[0] == EXPORT_HEADERS
    assert rows[2] == [
        "E2",
        "'" + DANGEROUS,
        "bob@acme.example",
        "Sales",
        "practitioner",
        "'+44 20 7946 0000",
        "'@home",
        "E1",
        "Generation X (1965–1980)",
        "Yes",
        "Active",
    ]
    assert rows[3][-1] == "Inactive"


def test_xlsx_export_stores_text_never_formulas(
    organisation: Organisation, people: list[Person], tmp_path: Path
) -> None:
    path = tmp_path / "people.xlsx"

    people_export(organisation=organisation, format="xlsx", output=path)

    sheet = load_workbook(path).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == EXPORT_HEADERS
    name_cell = sheet["B3"]
    assert name_cell.value == "'" + DANGEROUS
    assert name_cell.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_filters(organisation: Organisation, people: list[Person]) -> None:
    output = io.BytesIO()

    people_export(organisation=organisation, format="csv", output=output, active=True, audience="leadership")

    assert [row[0] for row in read_csv(output.getvalue())[1:]] == ["E1"]


def test_export_leaves_out_other_organisations(
    organisation: Organisation, other_organisation: Organisation, people: list[Person]
) -> None:
    PersonFactory.create(organisation=other_organisation, employee_id="X1", email="x@globex.example")
    output = io.BytesIO()

    people_export(organisation=organisation, format="csv", output=output)

    assert "X1" not in [row[0] for row in read_csv(output.getvalue())]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_reimports_cleanly_with_the_default_mapping(
    organisation: Organisation,
    other_organisation: Organisation,
    people: list[Person],
    tmp_path: Path,
    export_format: str,
) -> None:
    path = tmp_path / f"people.{export_format}"
    people_export(organisation=organisation, format=export_format, output=path)  # type: ignore[arg-type]

    result = roster_import(organisation=other_organisation, path=path)

    assert result.applied, result.errors
    assert result.created == 3
    assert set(result.mapping.values()) == {
        "employee_id",
        "name",
        "email",
        "unit",
        "audience",
        "job_title",
        "location",
        "manager_employee_id",
        "generation_band",
        "is_external",
        "is_active",
    }
    copy = Person.objects.get(organisation=other_organisation, employee_id="E2")
    assert (copy.audience, copy.generation_band, copy.is_external) == ("practitioner", "gen_x", True)
    assert copy.manager is not None
    assert copy.manager.employee_id == "E1"
    assert copy.unit is not None
    assert copy.unit.path == "Sales"
    assert not Person.objects.get(organisation=other_organisation, employee_id="E3").is_active


def test_export_command_writes_the_file(organisation: Organisation, people: list[Person], tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    stderr = io.StringIO()

    call_command("people", "export", "--org", "acme", "--format", "csv", str(path), stderr=stderr)

    assert read_csv(path.read_bytes())[0] == EXPORT_HEADERS
    assert "Exported 3 people" in stderr.getvalue()


def test_export_command_format_from_the_extension(
    organisation: Organisation, people: list[Person], tmp_path: Path
) -> None:
    path = tmp_path / "out.xlsx"

    call_command("people", "export", "--org", "acme", str(path), stderr=io.StringIO())

    assert load_workbook(path).active is not None
