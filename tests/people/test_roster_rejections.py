"""Every reason a roster row is rejected, with its line, column and a message saying what to do."""

from __future__ import annotations

import csv
from pathlib import Path

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.roster import RowError, roster_import
from tests.factories import PersonFactory

HEADERS = ["Employee ID", "Name", "Work Email", "Manager ID", "Audience", "Generation", "Job Title", "Department"]


def errors_for(organisation: Organisation, tmp_path: Path, rows: list[list[str]]) -> list[RowError]:
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows([row + [""] * (len(HEADERS) - len(row)) for row in rows])
    result = roster_import(organisation=organisation, path=path)
    assert not result.applied
    assert result.rejected == len({error.line for error in result.errors})
    assert not Person.objects.filter(organisation=organisation, employee_id__startswith="N").exists()
    return result.errors


def test_missing_required_values(organisation: Organisation, tmp_path: Path) -> None:
    errors = errors_for(organisation, tmp_path, [["", "Ann", "ann@x.example"], ["N2", "", ""]])

    assert [(e.line, e.column, e.field) for e in errors] == [
        (2, "Employee ID", "employee_id"),
        (3, "Name", "name"),
        (3, "Work Email", "email"),
    ]
    assert "empty" in errors[0].message


def test_malformed_email(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann at example"]])

    assert (error.line, error.column, error.value) == (2, "Work Email", "ann at example")
    assert "not a valid email address" in error.message


def test_duplicate_employee_id_names_both_lines(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example"], ["N1", "Bob", "bob@x.example"]])

    assert (error.line, error.field, error.value) == (3, "employee_id", "N1")
    assert "line 2 and line 3" in error.message


def test_duplicate_email_in_the_file(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example"], ["N2", "Bob", "ANN@x.example"]])

    assert (error.line, error.field) == (3, "email")
    assert "also used by employee N1 on line 2" in error.message


def test_email_already_used_by_another_person(organisation: Organisation, tmp_path: Path) -> None:
    PersonFactory.create(organisation=organisation, employee_id="OLD1", email="ann@x.example")

    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example"]])

    assert error.field == "email"
    assert "already belongs to employee OLD1" in error.message


def test_unknown_audience_lists_the_allowed_values(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example", "", "Astronaut"]])

    assert (error.column, error.value) == ("Audience", "Astronaut")
    assert "leadership, management, practitioner, infrastructure, observer" in error.message


def test_unknown_generation_band(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example", "", "", "Gen Alpha"]])

    assert (error.column, error.field) == ("Generation", "generation_band")
    assert "not a generation band" in error.message


def test_manager_not_found(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example", "E999"]])

    assert (error.line, error.column, error.value) == (2, "Manager ID", "E999")
    assert error.message == (
        "Manager ID E999 is not in this file or in SocialU. Add the manager's row or correct the ID."
    )


def test_manager_cycle_reports_every_row_in_it(organisation: Organisation, tmp_path: Path) -> None:
    rows = [
        ["N1", "Ann", "ann@x.example", "N2"],
        ["N2", "Bob", "bob@x.example", "N3"],
        ["N3", "Cy", "cy@x.example", "N1"],
        ["N4", "Di", "di@x.example", "N1"],
    ]

    errors = errors_for(organisation, tmp_path, rows)

    assert sorted(e.line for e in errors) == [2, 3, 4]
    assert all("circle" in e.message for e in errors)
    assert "N1 → N2 → N3 → N1" in errors[0].message


def test_cycle_through_a_person_already_in_socialu(organisation: Organisation, tmp_path: Path) -> None:
    boss = PersonFactory.create(
        organisation=organisation, employee_id="B1", email="boss@x.example", manager_employee_id="N1"
    )

    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example", "B1"]])

    assert error.line == 2
    assert "B1" in error.message
    assert boss.pk


def test_self_management(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(organisation, tmp_path, [["N1", "Ann", "ann@x.example", "N1"]])

    assert (error.field, error.value) == ("manager_employee_id", "N1")
    assert "their own manager" in error.message


def test_value_too_long_says_the_limit(organisation: Organisation, tmp_path: Path) -> None:
    errors = errors_for(organisation, tmp_path, [["N1", "A" * 201, "ann@x.example", "", "", "", "T" * 250]])

    assert [(e.field, e.message) for e in errors] == [
        ("name", "This value is 201 characters long; the limit is 200. Shorten it."),
        ("job_title", "This value is 250 characters long; the limit is 200. Shorten it."),
    ]
    assert len(errors[0].value) == 200


def test_unit_name_too_long(organisation: Organisation, tmp_path: Path) -> None:
    (error,) = errors_for(
        organisation, tmp_path, [["N1", "Ann", "ann@x.example", "", "", "", "", "Ops > " + "U" * 201]]
    )

    assert error.column == "Department"
    assert "the limit is 200" in error.message


def test_every_rejected_row_is_reported_not_just_the_first(organisation: Organisation, tmp_path: Path) -> None:
    rows = [["N1", "Ann", "bad"], ["N2", "Bob", "bob@x.example"], ["N3", "Cy", "also bad"], ["N4", "", "d@x.example"]]

    errors = errors_for(organisation, tmp_path, rows)

    assert [e.line for e in errors] == [2, 4, 5]


def test_cycles_are_reported_alongside_other_problems(organisation: Organisation, tmp_path: Path) -> None:
    rows = [["N1", "Ann", "bad email"], ["N2", "Bob", "bob@x.example", "N3"], ["N3", "Cy", "cy@x.example", "N2"]]

    errors = errors_for(organisation, tmp_path, rows)

    assert [(e.line, e.field) for e in errors] == [(2, "email"), (3, "manager_employee_id"), (4, "manager_employee_id")]


def test_counts_add_up_to_the_rows(organisation: Organisation, tmp_path: Path) -> None:
    PersonFactory.create(organisation=organisation, employee_id="N2", email="bob@x.example")
    path = tmp_path / "r.csv"
    path.write_text(
        "Employee ID,Name,Email,Manager ID\nN1,Ann,ann@x.example,\nN2,Bob,bob@x.example,E404\nN3,Cy,bad,\n",
        encoding="utf-8",
    )

    result = roster_import(organisation=organisation, path=path, dry_run=True)

    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (3, 1, 0, 0, 2)


def test_an_unknown_manager_is_reported_with_the_row_s_other_problems(
    organisation: Organisation, tmp_path: Path
) -> None:
    errors = errors_for(organisation, tmp_path, [["N1", "Ann", "bad", "E404", "Astronaut"]])

    assert [(e.line, e.field) for e in errors] == [(2, "email"), (2, "audience"), (2, "manager_employee_id")]
