"""Roster import: creating, updating, idempotency, all-or-nothing, full sync, units and managers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import connection

from socialu.core.models import Organisation
from socialu.people.models import Person, Unit, UnitKind
from socialu.people.roster import ImportChoices, RosterImportResult, roster_import
from tests.factories import PersonFactory

HEADERS = ["Employee ID", "Name", "Work Email", "Supervisory Organization", "Manager ID", "Job Title", "Audience"]


def write_csv(path: Path, rows: list[list[str]], headers: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path


def small_roster(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "roster.csv",
        [
            ["E1", "Grace Hopper", "Grace@Acme.example", "Technology > Engineering > Compilers", "", "CTO", "Leader"],
            ["E2", "Alan Turing", "alan@acme.example", "Technology > Engineering > Compilers", "E1", "Engineer", ""],
            ["E3", "Ada Lovelace", "ada@acme.example", "Technology › Research", "E2", "Analyst", "practitioner"],
        ],
    )


def imported(organisation: Organisation, path: Path, **options: object) -> RosterImportResult:
    return roster_import(organisation=organisation, path=path, **options)  # type: ignore[arg-type]


def test_first_import_creates_people_units_and_managers(organisation: Organisation, tmp_path: Path) -> None:
    result = imported(organisation, small_roster(tmp_path))

    assert result.applied
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (3, 3, 0, 0, 0)
    grace, alan, ada = (Person.objects.get(organisation=organisation, employee_id=e) for e in ("E1", "E2", "E3"))
    assert grace.email == "grace@acme.example"
    assert grace.audience == "leadership"
    assert alan.audience == "observer"
    assert ada.audience == "practitioner"
    assert alan.manager == grace
    assert ada.manager == alan
    assert grace.manager is None
    assert grace.roster_fingerprint != 0
    assert alan.unit is not None
    assert alan.unit.path == "Technology › Engineering › Compilers"
    assert alan.unit.kind == UnitKind.TEAM
    assert alan.unit.depth == 2
    assert alan.unit.parent is not None
    assert alan.unit.parent.kind == UnitKind.DEPARTMENT
    assert alan.unit.parent.parent is not None
    assert alan.unit.parent.parent.kind == UnitKind.DIVISION
    assert result.units_created == 4
    assert Unit.objects.filter(organisation=organisation).count() == 4


def test_reimporting_the_same_file_changes_nothing(organisation: Organisation, tmp_path: Path) -> None:
    path = small_roster(tmp_path)
    imported(organisation, path)
    before = list(Person.objects.filter(organisation=organisation).values().order_by("pk"))

    again = imported(organisation, path)

    assert again.applied
    assert (again.created, again.updated, again.unchanged, again.units_created) == (0, 0, 3, 0)
    assert list(Person.objects.filter(organisation=organisation).values().order_by("pk")) == before


def test_changed_rows_are_updated_and_a_new_audience_counts_as_a_change(
    organisation: Organisation, tmp_path: Path
) -> None:
    imported(organisation, small_roster(tmp_path))
    path = write_csv(
        tmp_path / "changed.csv",
        [
            ["E1", "Grace Hopper", "Grace@Acme.example", "Technology > Engineering > Compilers", "", "CTO", "Leader"],
            ["E2", "Alan Turing", "alan@acme.example", "Technology > Engineering > Compilers", "E1", "Engineer", "IT"],
            ["E3", "Ada King", "ada@acme.example", "Technology › Research", "E1", "Analyst", "practitioner"],
        ],
    )

    result = imported(organisation, path)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    alan = Person.objects.get(organisation=organisation, employee_id="E2")
    ada = Person.objects.get(organisation=organisation, employee_id="E3")
    assert alan.audience == "infrastructure"
    assert ada.name == "Ada King"
    assert ada.manager is not None
    assert ada.manager.employee_id == "E1"


def test_an_empty_audience_keeps_the_current_one(organisation: Organisation, tmp_path: Path) -> None:
    PersonFactory.create(organisation=organisation, employee_id="E2", email="alan@acme.example", audience="management")
    path = write_csv(tmp_path / "r.csv", [["E2", "Alan Turing", "alan@acme.example", "", "", "Engineer", ""]])

    result = imported(organisation, path)

    assert result.updated == 1
    assert Person.objects.get(organisation=organisation, employee_id="E2").audience == "management"


def test_a_rejected_row_means_nothing_is_written(organisation: Organisation, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["E1", "Grace Hopper", "grace@acme.example", "Technology", "", "CTO", ""],
            ["E2", "Alan Turing", "not-an-email", "Technology", "E1", "Engineer", ""],
        ],
    )

    result = imported(organisation, path)

    assert not result.applied
    assert result.rejected == 1
    assert result.created == 1
    assert not Person.objects.filter(organisation=organisation).exists()
    assert not Unit.objects.filter(organisation=organisation).exists()


def test_a_crash_part_way_rolls_everything_back(organisation: Organisation, tmp_path: Path) -> None:
    rows = [[f"E{n}", f"Person {n}", f"p{n}@acme.example", "Ops > Team", "", "Clerk", ""] for n in range(12000)]
    path = write_csv(tmp_path / "big.csv", rows)
    PersonFactory.create(organisation=organisation, employee_id="E5", email="p5@acme.example", name="Before")

    def explode(done: int, total: int) -> None:
        if done >= 10000:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        imported(organisation, path, progress=explode)

    assert list(Person.objects.filter(organisation=organisation).values_list("employee_id", "name")) == [
        ("E5", "Before")
    ]
    assert not Unit.objects.filter(organisation=organisation).exists()


def test_progress_is_reported_while_reading(organisation: Organisation, tmp_path: Path) -> None:
    rows = [[f"E{n}", f"Person {n}", f"p{n}@acme.example", "", "", "", ""] for n in range(11000)]
    calls: list[tuple[int, int]] = []

    result = imported(organisation, write_csv(tmp_path / "r.csv", rows), progress=lambda d, t: calls.append((d, t)))

    assert result.created == 11000
    assert calls[0][0] == 5000
    assert calls[-1] == (11000, 11000)
    assert all(done <= total for done, total in calls)


def test_dry_run_reports_without_writing(organisation: Organisation, tmp_path: Path) -> None:
    result = imported(organisation, small_roster(tmp_path), dry_run=True)

    assert result.dry_run
    assert not result.applied
    assert (result.created, result.units_created) == (3, 4)
    assert not Person.objects.filter(organisation=organisation).exists()
    assert not Unit.objects.filter(organisation=organisation).exists()


def test_full_sync_deactivates_people_missing_from_the_file_and_reactivates_returners(
    organisation: Organisation, tmp_path: Path
) -> None:
    leaver = PersonFactory.create(organisation=organisation, employee_id="E9", email="leaver@acme.example")
    path = small_roster(tmp_path)

    preview = imported(organisation, path, full_sync=True, dry_run=True)
    assert preview.deactivated == 1
    leaver.refresh_from_db()
    assert leaver.is_active

    assert preview.needs_confirmation  # one of four active people: more than the 10 % allowed unconfirmed
    result = imported(organisation, path, full_sync=True, choices=ImportChoices(confirm_deactivations=True))
    assert result.deactivated == 1
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert leaver.deactivated_at is not None
    assert Person.objects.filter(organisation=organisation).count() == 4

    back = write_csv(tmp_path / "back.csv", [["E9", leaver.name, "leaver@acme.example", "", "", "", ""]])
    returned = imported(organisation, back)
    leaver.refresh_from_db()
    assert returned.updated == 1
    assert leaver.is_active
    assert leaver.deactivated_at is None


def test_without_full_sync_missing_people_stay_active(organisation: Organisation, tmp_path: Path) -> None:
    other = PersonFactory.create(organisation=organisation, employee_id="E9", email="other@acme.example")

    result = imported(organisation, small_roster(tmp_path))

    other.refresh_from_db()
    assert result.deactivated == 0
    assert other.is_active


def test_status_column_deactivates_and_reactivates(organisation: Organisation, tmp_path: Path) -> None:
    headers = ["Employee ID", "Name", "Email", "Employment Status", "Worker Type"]
    imported(organisation, write_csv(tmp_path / "a.csv", [["E1", "Ann", "ann@acme.example", "Active", ""]], headers))
    gone = write_csv(
        tmp_path / "b.csv", [["E1", "Ann", "ann@acme.example", "Terminated", "Contingent Worker"]], headers
    )

    imported(organisation, gone)

    ann = Person.objects.get(organisation=organisation, employee_id="E1")
    assert not ann.is_active
    assert ann.deactivated_at is not None
    assert ann.is_external
    imported(organisation, write_csv(tmp_path / "c.csv", [["E1", "Ann", "ann@acme.example", "On Leave", ""]], headers))
    ann.refresh_from_db()
    assert ann.is_active
    assert ann.deactivated_at is None


def test_existing_units_are_reused_by_path_or_unique_name(organisation: Organisation, tmp_path: Path) -> None:
    division = Unit.objects.create(organisation=organisation, name="Sales", path="Sales", depth=0, kind="division")
    emea = Unit.objects.create(
        organisation=organisation, name="EMEA", path="Sales › EMEA", depth=1, kind="department", parent=division
    )
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["E1", "Ann", "ann@acme.example", "Sales / EMEA", "", "", ""],
            ["E2", "Bob", "bob@acme.example", "EMEA", "", "", ""],
            ["E3", "Cy", "cy@acme.example", " Sales | EMEA | UK ", "", "", ""],
        ],
    )

    result = imported(organisation, path)

    assert result.units_created == 1
    people = {p.employee_id: p for p in Person.objects.filter(organisation=organisation)}
    assert people["E1"].unit_id == emea.pk
    assert people["E2"].unit_id == emea.pk
    uk = Unit.objects.get(organisation=organisation, path="Sales › EMEA › UK")
    assert (uk.parent_id, uk.depth, uk.kind) == (emea.pk, 2, "team")


def test_manager_may_be_an_existing_person_not_in_the_file(organisation: Organisation, tmp_path: Path) -> None:
    boss = PersonFactory.create(organisation=organisation, employee_id="B1", email="boss@acme.example")
    path = write_csv(tmp_path / "r.csv", [["E1", "Ann", "ann@acme.example", "", "B1", "", ""]])

    imported(organisation, path)

    assert Person.objects.get(organisation=organisation, employee_id="E1").manager == boss


def test_managers_listed_after_their_reports_are_linked(organisation: Organisation, tmp_path: Path) -> None:
    rows = [[f"E{n}", f"P{n}", f"p{n}@acme.example", "", f"E{n + 1}" if n < 30 else "", "", ""] for n in range(31)]

    result = imported(organisation, write_csv(tmp_path / "r.csv", rows))

    assert result.applied
    people = {p.employee_id: p for p in Person.objects.filter(organisation=organisation).select_related("manager")}
    assert all(people[f"E{n}"].manager == people[f"E{n + 1}"] for n in range(30))


@pytest.mark.django_db(transaction=True)
def test_managers_listed_later_are_linked_outside_a_transaction(tmp_path: Path) -> None:
    organisation = Organisation.objects.create(slug="solo", name="Solo")
    rows = [[f"E{n}", f"P{n}", f"p{n}@solo.example", "", f"E{n + 1}" if n < 30 else "", "", ""] for n in range(31)]

    result = imported(organisation, write_csv(tmp_path / "r.csv", rows))

    assert result.applied
    people = {p.employee_id: p for p in Person.objects.filter(organisation=organisation).select_related("manager")}
    assert all(people[f"E{n}"].manager == people[f"E{n + 1}"] for n in range(30))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cursor.execute("PRAGMA foreign_key_check(people_person)").fetchall() == []
            names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {index.name for index in Person._meta.indexes} <= names


def test_people_of_another_organisation_are_untouched(
    organisation: Organisation, other_organisation: Organisation, tmp_path: Path
) -> None:
    theirs = PersonFactory.create(organisation=other_organisation, employee_id="E1", email="grace@acme.example")

    result = imported(organisation, small_roster(tmp_path), full_sync=True)

    assert result.created == 3
    theirs.refresh_from_db()
    assert theirs.is_active
    assert theirs.organisation_id == other_organisation.pk


def test_first_and_last_name_columns_make_the_name(organisation: Organisation, tmp_path: Path) -> None:
    headers = ["Worker ID", "Given Name", "Surname", "Primary Work Email", "Business Title", "Work Location"]
    path = write_csv(tmp_path / "r.csv", [["W1", "Ann", "Smith", "ann@acme.example", "Clerk", "Leeds"]], headers)

    result = imported(organisation, path)

    ann = Person.objects.get(organisation=organisation, employee_id="W1")
    assert (ann.name, ann.job_title, ann.location) == ("Ann Smith", "Clerk", "Leeds")
    assert result.mapping["Given Name"] == "first_name"


def test_unmapped_columns_keep_their_values_on_update(organisation: Organisation, tmp_path: Path) -> None:
    PersonFactory.create(organisation=organisation, employee_id="E1", email="ann@acme.example", location="Paris")
    path = write_csv(tmp_path / "r.csv", [["E1", "Ann", "ann@acme.example"]], ["Employee ID", "Name", "Email"])

    imported(organisation, path)

    ann = Person.objects.get(organisation=organisation, employee_id="E1")
    assert (ann.name, ann.location) == ("Ann", "Paris")


def test_blank_lines_are_skipped(organisation: Organisation, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [["E1", "Ann", "ann@acme.example", "", "", "", ""], ["", "", "", "", "", "", ""], []],
    )

    result = imported(organisation, path)

    assert (result.rows, result.created, result.rejected) == (1, 1, 0)


def test_the_same_file_read_with_a_different_mapping_counts_as_a_change(
    organisation: Organisation, tmp_path: Path
) -> None:
    headers = ["Employee ID", "Name", "Email", "Title A", "Title B"]
    path = write_csv(tmp_path / "r.csv", [["E1", "Ann", "ann@acme.example", "Clerk", "Leeds"]], headers)
    imported(organisation, path, mapping={"Title A": "job_title", "Title B": "location"})

    result = imported(organisation, path, mapping={"Title A": "location", "Title B": "job_title"})

    ann = Person.objects.get(organisation=organisation, employee_id="E1")
    assert result.updated == 1
    assert (ann.job_title, ann.location) == ("Leeds", "Clerk")


def test_an_edited_row_is_updated_even_when_only_spacing_changed(organisation: Organisation, tmp_path: Path) -> None:
    imported(organisation, small_roster(tmp_path))
    path = write_csv(
        tmp_path / "spaced.csv",
        [
            ["E1", " Grace Hopper ", "Grace@Acme.example", "Technology > Engineering > Compilers", "", "CTO", "Leader"],
            ["E2", "Alan Turing", "alan@acme.example", "Technology > Engineering > Compilers", "E1", "Engineer", ""],
            ["E3", "Ada Lovelace", "ada@acme.example", "Technology › Research", "E2", "Analyst", "practitioner"],
        ],
    )

    result = imported(organisation, path)

    assert (result.updated, result.unchanged) == (1, 2)
    assert Person.objects.get(organisation=organisation, employee_id="E1").name == "Grace Hopper"


@pytest.mark.django_db(transaction=True)
def test_a_crash_in_a_large_import_restores_indexes_and_foreign_key_checks(tmp_path: Path) -> None:
    organisation = Organisation.objects.create(slug="big", name="Big")
    rows = [[f"E{n}", f"P{n}", f"p{n}@big.example", "Ops", f"E{n + 1}", "", ""] for n in range(25000)]
    rows[-1][4] = ""
    path = write_csv(tmp_path / "big.csv", rows)

    def explode(done: int, total: int) -> None:
        if done >= 20000:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        imported(organisation, path, progress=explode)

    assert not Person.objects.filter(organisation=organisation).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {index.name for index in Person._meta.indexes} <= names
    result = imported(organisation, path)
    assert result.created == 25000
    assert Person.objects.filter(organisation=organisation, manager__isnull=False).count() == 24999
    # Clean up here: SQLite would check the manager key of every deleted row against the whole table.
    checks_off = connection.disable_constraint_checking()
    Person.objects.filter(organisation=organisation).update(manager=None)
    Person.objects.filter(organisation=organisation)._raw_delete(connection.alias)
    if checks_off:
        connection.enable_constraint_checking()
