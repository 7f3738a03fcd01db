"""Roster import shortcuts: unchanged rows, reading in a second process, rebuilt indexes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.roster import RosterImportError, RosterImportResult, parallel, roster_import
from socialu.people.roster import importer as importer_module

HEADERS = ["Employee ID", "Name", "Work Email", "Supervisory Organization", "Manager ID", "Job Title", "Audience"]


def write_csv(path: Path, rows: list[list[str]], headers: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path


def people_rows(count: int) -> list[list[str]]:
    return [
        [f"E{n}", f"Person {n}", f"p{n}@acme.example", "Ops > Team", f"E{n + 1}" if n < count - 1 else "", "", ""]
        for n in range(count)
    ]


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Read every CSV file in a second process, and record each reader started."""
    started: list[Any] = []

    class RecordingReader(parallel.ParallelReader):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(parallel, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr(importer_module, "ParallelReader", RecordingReader)
    return started


def summary(result: RosterImportResult) -> dict[str, Any]:
    return result.to_dict()


def tricky_file(tmp_path: Path) -> Path:
    """Quoted line breaks and delimiters, short and long rows, blank lines, separator characters, rejections."""
    rows = [
        ["E1", "Grace\nHopper", "Grace@Acme.example", "Tech > Compilers", "", "CTO, acting", "Leader"],
        ["E2", "Alan Turing", "alan@acme.example", "Tech > Compilers", "E1"],
        [],
        ["E3", "Ada\x1fLovelace", "ada@acme.example", "Tech", "E2", "Analyst", "practitioner", "extra", "cells"],
        ["E4", "Bad Email", "not-an-email", "", "", "", ""],
        ["E5", "Unknown Boss", "e5@acme.example", "", "E999", "", ""],
        ["E1", "Grace Again", "grace2@acme.example", "", "", "", ""],
        *people_rows(30)[10:],
    ]
    return write_csv(tmp_path / "tricky.csv", rows)


def test_a_second_process_reads_exactly_what_this_one_would(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tricky_file(tmp_path)
    here = summary(roster_import(organisation=organisation, path=path, dry_run=True))
    assert here["rejected"] == 3

    monkeypatch.setattr(parallel, "PARALLEL_FROM_ROWS", 1)
    there = summary(roster_import(organisation=organisation, path=path, dry_run=True))

    assert there == here


def test_import_and_reimport_through_a_second_process(
    organisation: Organisation, tmp_path: Path, readers: list[Any]
) -> None:
    path = write_csv(tmp_path / "r.csv", people_rows(40))

    first = roster_import(organisation=organisation, path=path)
    again = roster_import(organisation=organisation, path=path)

    assert len(readers) == 2
    assert all(reader.process.poll() is not None for reader in readers)
    assert (first.applied, first.created) == (True, 40)
    assert (again.applied, again.unchanged, again.created, again.updated) == (True, 40, 0, 0)
    people = {p.employee_id: p for p in Person.objects.filter(organisation=organisation).select_related("manager")}
    assert all(people[f"E{n}"].manager == people[f"E{n + 1}"] for n in range(39))


@pytest.mark.parametrize("in_second_process", [False, True])
def test_an_unchanged_row_repeated_in_the_file_is_still_a_duplicate(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_second_process: bool
) -> None:
    rows = people_rows(5)
    roster_import(organisation=organisation, path=write_csv(tmp_path / "r.csv", rows))
    if in_second_process:
        monkeypatch.setattr(parallel, "PARALLEL_FROM_ROWS", 1)

    result = roster_import(organisation=organisation, path=write_csv(tmp_path / "again.csv", [*rows, rows[2]]))

    assert not result.applied
    assert result.rejected == 1
    assert [(error.line, error.field) for error in result.errors] == [(7, "employee_id")]
    assert "appears on line 4 and line 7" in result.errors[0].message


@pytest.mark.parametrize("in_second_process", [False, True])
def test_a_changed_row_cannot_take_the_email_of_an_unchanged_one(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_second_process: bool
) -> None:
    rows = people_rows(5)
    roster_import(organisation=organisation, path=write_csv(tmp_path / "r.csv", rows))
    if in_second_process:
        monkeypatch.setattr(parallel, "PARALLEL_FROM_ROWS", 1)
    rows[4] = [*rows[4][:2], "p1@acme.example", *rows[4][3:]]

    result = roster_import(organisation=organisation, path=write_csv(tmp_path / "again.csv", rows))

    assert not result.applied
    assert [(error.line, error.field) for error in result.errors] == [(6, "email")]
    assert "employee E1 on line 3" in result.errors[0].message


def test_a_broken_file_read_by_a_second_process_says_so(
    organisation: Organisation, tmp_path: Path, readers: list[Any]
) -> None:
    rows = [*people_rows(3), ["E9", "x" * 200_000, "e9@acme.example", "", "", "", ""]]
    path = write_csv(tmp_path / "broken.csv", rows)

    with pytest.raises(RosterImportError, match="could not be read as CSV near line"):
        roster_import(organisation=organisation, path=path)

    assert readers
    assert readers[0].process.poll() is not None
    assert not Person.objects.filter(organisation=organisation).exists()


def test_a_crash_stops_the_second_process_and_writes_nothing(
    organisation: Organisation, tmp_path: Path, readers: list[Any]
) -> None:
    path = write_csv(tmp_path / "r.csv", people_rows(12000))

    def explode(done: int, total: int) -> None:
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        roster_import(organisation=organisation, path=path, progress=explode)

    assert readers[0].process.poll() is not None
    assert not Person.objects.filter(organisation=organisation).exists()


def _schema(table: str) -> list[tuple[str, str, str | None]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s ORDER BY type, name", [table])
        return [(str(kind), str(name), sql) for kind, name, sql in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_large_first_import_leaves_the_table_and_its_indexes_exactly_as_they_were(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the indexes are set aside only on SQLite")
    organisation = Organisation.objects.create(slug="fresh", name="Fresh")
    before = _schema(Person._meta.db_table)

    result = roster_import(organisation=organisation, path=write_csv(tmp_path / "big.csv", people_rows(25000)))

    assert result.created == 25000
    assert _schema(Person._meta.db_table) == before
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert cursor.execute("PRAGMA foreign_key_check(people_person)").fetchall() == []
    # Clean up here: SQLite would check the manager key of every deleted row against the whole table.
    checks_off = connection.disable_constraint_checking()
    Person.objects.filter(organisation=organisation).update(manager=None)
    Person.objects.filter(organisation=organisation)._raw_delete(connection.alias)
    if checks_off:
        connection.enable_constraint_checking()
