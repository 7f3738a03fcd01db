"""Roster import in two phases: checked and staged without a write lock, applied in short transactions.

A failure part-way through the apply leaves the old roster; an interrupted
apply is undone by the next import; two imports of one organisation never
apply at once; staged files are readable by their owner only.
"""

from __future__ import annotations

import fcntl
import stat
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from socialu.core.models import Organisation
from socialu.people.models import Person, Unit
from socialu.people.roster import RosterImportError, roster_import, staging
from socialu.people.roster.staging import journal_root, roster_journals_recover
from socialu.people.roster.writer import PersonWriter
from tests.people.test_roster_import import write_csv


def _snapshot(organisation: Organisation) -> list[tuple[Any, ...]]:
    return list(Person.objects.filter(organisation=organisation).order_by("pk").values_list())


def _rows(count: int, *, title: str, unit: str = "Sales > North") -> list[list[str]]:
    return [
        [f"E{number}", f"Person {number}", f"p{number}@acme.example", unit, "E1" if number > 1 else "", title, ""]
        for number in range(1, count + 1)
    ]


def _old_and_new(tmp_path: Path, organisation: Organisation) -> Path:
    """Import ten people, then return a file that changes them all and adds ten more in a new unit."""
    roster_import(organisation=organisation, path=write_csv(tmp_path / "old.csv", _rows(10, title="Old")))
    return write_csv(tmp_path / "new.csv", _rows(20, title="New", unit="Marketing > South"))


def test_a_failure_part_way_through_the_apply_leaves_the_old_roster(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = _old_and_new(tmp_path, organisation)
    before, units_before = _snapshot(organisation), set(Unit.objects.values_list("pk", flat=True))
    monkeypatch.setattr(staging, "APPLY_ROWS", 3)  # seven chunks of three rows
    real_insert = PersonWriter.insert
    calls: list[int] = []

    def failing_insert(self: PersonWriter, rows: list[tuple[Any, ...]]) -> None:
        calls.append(len(rows))
        if len(calls) == 5:
            raise OperationalError("disk I/O error")
        real_insert(self, rows)

    monkeypatch.setattr(PersonWriter, "insert", failing_insert)

    with pytest.raises(OperationalError):
        roster_import(organisation=organisation, path=new)

    assert len(calls) == 5  # four chunks were committed before the failure, and undone
    assert _snapshot(organisation) == before
    assert set(Unit.objects.values_list("pk", flat=True)) == units_before
    assert not (journal_root() / str(organisation.pk)).exists()


def test_the_apply_writes_in_chunks_and_links_managers_written_later(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "APPLY_ROWS", 2)
    # The manager E1 comes last, so the people before are linked to them once every chunk is in.
    rows = _rows(6, title="Analyst")
    path = write_csv(tmp_path / "late.csv", [*rows[1:], rows[0]])

    result = roster_import(organisation=organisation, path=path)

    assert result.applied
    assert result.created == 6
    people = Person.objects.filter(organisation=organisation)
    assert {person.manager.employee_id for person in people.exclude(employee_id="E1") if person.manager} == {"E1"}
    assert people.filter(manager__isnull=True).count() == 1
    assert Unit.objects.filter(organisation=organisation, path="Sales › North").exists()


def test_a_journal_left_by_a_dead_process_is_rolled_back(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = _old_and_new(tmp_path, organisation)
    before = _snapshot(organisation)

    monkeypatch.setattr(staging, "APPLY_ROWS", 3)
    real_insert = PersonWriter.insert
    calls: list[int] = []

    def dies_in_the_fourth_chunk(self: PersonWriter, rows: list[tuple[Any, ...]]) -> None:
        calls.append(len(rows))
        if len(calls) == 4:
            raise SystemExit(137)
        real_insert(self, rows)

    # Three chunks are committed, then the process dies; keep the journal as a kill would.
    monkeypatch.setattr("shutil.rmtree", lambda *args, **kwargs: None)
    monkeypatch.setattr(staging, "_undo", lambda path: None)
    monkeypatch.setattr(PersonWriter, "insert", dies_in_the_fourth_chunk)
    with pytest.raises(SystemExit):
        roster_import(organisation=organisation, path=new)
    monkeypatch.undo()
    assert _snapshot(organisation) != before  # half applied, as after kill -9

    assert roster_journals_recover() == [organisation.pk]

    assert _snapshot(organisation) == before
    assert not (journal_root() / str(organisation.pk)).exists()


def test_a_second_import_of_the_same_organisation_is_refused_while_one_applies(
    organisation: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "r.csv", _rows(3, title="Analyst"))
    journal_root().mkdir(parents=True, exist_ok=True)
    with (journal_root() / f"{organisation.pk}.lock").open("ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        try:
            with pytest.raises(RosterImportError, match="Another roster import"):
                roster_import(organisation=organisation, path=path)
            # A dry run needs no lock.
            assert roster_import(organisation=organisation, path=path, dry_run=True).created == 3
        finally:
            fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    assert roster_import(organisation=organisation, path=path).created == 3


def test_staged_rows_are_readable_by_their_owner_only(
    organisation: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    real_apply = staging.RosterStage.apply

    def looking(self: staging.RosterStage, **options: Any) -> None:
        modes.append(stat.S_IMODE((self.folder / staging.STAGE_FILE).stat().st_mode))
        modes.append(stat.S_IMODE(self.folder.stat().st_mode))
        real_apply(self, **options)

    monkeypatch.setattr(staging.RosterStage, "apply", looking)
    roster_import(organisation=organisation, path=write_csv(tmp_path / "r.csv", _rows(3, title="Analyst")))

    assert modes == [0o600, 0o700]
