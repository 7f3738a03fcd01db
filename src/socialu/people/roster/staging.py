"""Apply a checked roster in short transactions, all or nothing, with a journal to undo it.

A real import runs in two phases (see docs/roster-import.md):

1. *Stage*: the file is read and every row checked outside any write
   transaction; the rows to insert and update are written, in chunks, to a
   staging file in the organisation's journal folder. Nobody waits for this.
2. *Apply*: each chunk is written in its own short transaction. Before a chunk
   is written, the current values of the people it changes (and the ids it
   creates) are appended to an undo journal and flushed to disk. When the last
   chunk and the final step are committed the journal is deleted.

If the import fails part-way (a database error, a conflicting change made
meanwhile) the journal is played backwards at once; if the process dies, it is
played backwards by the next import of the organisation, by the worker when it
starts and by ``socialu doctor --fix`` (``roster_journals_recover``). Either way the
organisation is left with its old roster. While the journal exists the
organisation's lock file is held (``fcntl.flock``), so one organisation applies
one import at a time, and a journal whose lock is free belongs to a dead process.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction

from socialu.core.models import Organisation
from socialu.people.models import UNIT_PATH_SEPARATOR, Person, Unit
from socialu.people.roster.results import RosterImportError
from socialu.people.roster.writer import BATCH_SIZE, ROW_COLUMNS, PersonWriter
from socialu.people.services import unit_ensure_path
from socialu.people.signals import people_deactivated_announce

logger = logging.getLogger(__name__)

STAGE_FILE = "stage.pickle"
UNDO_FILE = "undo.pickle"
COMMITTED_FILE = "committed"
# Rows per transaction when applying, people ids per manager-linking statement, units per
# transaction: each keeps a transaction well under a second on a busy two-core machine.
APPLY_ROWS = 500
LINK_RANGE = 2000
UNITS_PER_TRANSACTION = 50
_UNIT_INDEX = ROW_COLUMNS.index("unit_id")
_FILE_MODE = 0o600

ApplyProgress = Callable[[int, int], None]


def journal_root() -> Path:
    """Return the folder that holds every organisation's import journal and lock file."""
    return Path(settings.DATA_DIR) / "roster-journal"


def _journal_folder(organisation_id: int) -> Path:
    return journal_root() / str(organisation_id)


def _private_open(path: Path, mode: str) -> IO[bytes]:
    """Open *path* for writing, readable by the owner only (HR data)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "ab" else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, _FILE_MODE), mode)


@contextlib.contextmanager
def organisation_import_lock(organisation: Organisation) -> Iterator[None]:
    """Hold the organisation's import lock; refuse when another import holds it.

    Roll back first whatever journal a dead import left behind.
    """
    root = journal_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _private_open(root / f"{organisation.pk}.lock", "ab") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise RosterImportError(
                "Another roster import of this organisation is being applied right now. "
                "Wait until it has finished, then run this one again."
            ) from error
        try:
            _recover_folder(_journal_folder(organisation.pk))
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def job_running_lock(job_id: int) -> Iterator[None]:
    """Hold a lock that says "job *job_id* is running in a live process" (released when it dies)."""
    root = journal_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = root / f"job-{job_id}.lock"
    with _private_open(path, "ab") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def job_is_running(job_id: int) -> bool:
    """Return whether a live process holds the running lock of job *job_id*."""
    path = journal_root() / f"job-{job_id}.lock"
    if not path.exists():
        return False
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


def roster_journals_recover() -> list[int]:
    """Roll back every import journal left by a process that died; return the organisations' ids.

    A journal whose organisation lock is held belongs to an import still
    running, and is left alone.
    """
    root = journal_root()
    if not root.is_dir():
        return []
    recovered: list[int] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or not folder.name.isdigit():
            continue
        with _private_open(root / f"{folder.name}.lock", "ab") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            try:
                if _recover_folder(folder):
                    recovered.append(int(folder.name))
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return recovered


def _recover_folder(folder: Path) -> bool:
    """Undo the journal in *folder* unless its import was committed; remove the folder. Return whether undone."""
    if not folder.is_dir():
        return False
    undone = False
    if not (folder / COMMITTED_FILE).exists() and (folder / UNDO_FILE).exists():
        logger.warning("Rolling back the roster import interrupted in %s", folder)
        _undo(folder / UNDO_FILE)
        undone = True
    shutil.rmtree(folder, ignore_errors=True)
    return undone


def _records(path: Path) -> list[tuple[Any, ...]]:
    """Return the journal's complete records; a record cut short by a crash is ignored."""
    records: list[tuple[Any, ...]] = []
    with path.open("rb") as handle:
        while True:
            try:
                records.append(pickle.load(handle))  # noqa: S301 - written by this module
            except (EOFError, pickle.UnpicklingError):
                return records


def _undo(path: Path) -> None:
    """Play the undo journal backwards, each step in its own transaction (so the undo can resume too)."""
    table = connection.ops.quote_name(Person._meta.db_table)
    quote = connection.ops.quote_name
    restore_sql = (
        f"UPDATE {table} SET {', '.join(f'{quote(column)} = %s' for column in ROW_COLUMNS[1:])} "  # noqa: S608
        f"WHERE {quote('id')} = %s"
    )
    for record in reversed(_records(path)):
        kind = record[0]
        with transaction.atomic():
            if kind == "people":
                _, created_ids, old_rows = record
                with connection.cursor() as cursor:
                    for start in range(0, len(created_ids), BATCH_SIZE):
                        chunk = created_ids[start : start + BATCH_SIZE]
                        placeholders = ", ".join(["%s"] * len(chunk))
                        # Managers linked at the end may be named by people of earlier chunks.
                        cursor.execute(
                            f"UPDATE {table} SET manager_id = NULL WHERE manager_id IN ({placeholders})",  # noqa: S608
                            chunk,
                        )
                        cursor.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", chunk)  # noqa: S608
                    if old_rows:
                        cursor.executemany(restore_sql, [(*row[1:], row[0]) for row in old_rows])
            elif kind == "audiences":
                # (id, audience, audience_rule) of each person before the audience rules placed them.
                _, old_audiences = record
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {quote('audience')} = %s, {quote('audience_rule')} = %s "  # noqa: S608
                        f"WHERE {quote('id')} = %s",
                        [(audience, rule, pk) for pk, audience, rule in old_audiences],
                    )
            elif kind == "units":
                _, unit_ids = record
                # Deepest first: a unit's parent is protected while it has children.
                for unit in Unit.objects.filter(pk__in=unit_ids).order_by("-depth"):
                    unit.delete()


class RosterStage:
    """The rows a checked import will write, staged in a file, and their application.

    The importer calls next_id() and write() as it scans the file; nothing
    reaches the database (except reserving ids) until apply().
    """

    def __init__(self, *, organisation: Organisation, writer: PersonWriter) -> None:
        self.organisation = organisation
        self.writer = writer
        self.now = writer.now
        self.folder = _journal_folder(organisation.pk)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._stage = _private_open(self.folder / STAGE_FILE, "wb")
        self._inserts: list[tuple[Any, ...]] = []
        self._updates: list[tuple[Any, ...]] = []
        self.chunks = 0
        self.rows = 0

    def next_id(self) -> int:
        """Return a primary key reserved for a new person."""
        return self.writer.next_id()

    def write(self, inserts: list[tuple[Any, ...]], updates: list[tuple[Any, ...]]) -> None:
        """Stage new people and changes to existing ones (rows follow ROW_COLUMNS)."""
        self._inserts.extend(inserts)
        self._updates.extend(updates)
        while len(self._inserts) + len(self._updates) >= APPLY_ROWS:
            self._flush(APPLY_ROWS)

    def _flush(self, size: int | None = None) -> None:
        """Stage one chunk of at most *size* rows (all pending rows when None)."""
        # New rows go first: a chunk never names a manager created by a later chunk.
        inserts, updates = self._inserts, self._updates
        if size is None:
            size = len(inserts) + len(updates)
        if not size:
            return
        chunk_inserts, chunk_updates = inserts[:size], updates[: max(0, size - len(inserts))]
        pickle.dump((chunk_inserts, chunk_updates), self._stage, protocol=pickle.HIGHEST_PROTOCOL)
        del inserts[: len(chunk_inserts)], updates[: len(chunk_updates)]
        self.rows += len(chunk_inserts) + len(chunk_updates)
        self.chunks += 1

    def discard(self) -> None:
        """Forget the staged rows (the import was rejected); nothing was written."""
        self._stage.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def apply(
        self,
        *,
        new_units: set[str],
        deactivate: list[int],
        leavers: list[int],
        link_managers: bool,
        audiences: dict[str, tuple[str, str]] | None = None,
        progress: ApplyProgress | None = None,
    ) -> None:
        """Write the staged rows in short transactions; undo everything if any step fails.

        *new_units* are the paths of the units to create first; staged rows name
        them by path. *deactivate* are the people a full sync
        deactivates, *leavers* those whose row says they left. *audiences* maps
        employee IDs to the (audience, rule) the organisation's audience rules
        give them (a file without an audience column); it is written once the
        people are, journalled like them, so an undo restores the audiences too.
        """
        self._flush()
        self._stage.close()
        undo = _private_open(self.folder / UNDO_FILE, "ab")
        try:
            try:
                unit_ids = self._create_units(new_units, undo)
                self._apply_chunks(unit_ids, undo, progress)
                if link_managers:
                    self._link_managers()
                self._deactivate(deactivate, undo)
                if audiences:
                    self._place_audiences(audiences, undo)
                with transaction.atomic():
                    people_deactivated_announce(organisation=self.organisation, person_ids=[*deactivate, *leavers])
            finally:
                undo.close()
        except BaseException:
            logger.exception(
                "Applying the roster import of organisation %s failed; rolling it back", self.organisation.pk
            )
            try:
                _undo(self.folder / UNDO_FILE)
            except Exception:
                # The journal stays; the next import or the worker's start rolls it back.
                logger.exception("Could not roll back the roster import yet; it will be rolled back later")
                raise
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        (self.folder / COMMITTED_FILE).touch()
        shutil.rmtree(self.folder, ignore_errors=True)

    @staticmethod
    def _journal(undo: IO[bytes], record: tuple[Any, ...]) -> None:
        pickle.dump(record, undo, protocol=pickle.HIGHEST_PROTOCOL)
        undo.flush()
        os.fsync(undo.fileno())

    def _create_units(self, new_units: set[str], undo: IO[bytes]) -> dict[str, int]:
        """Create the units the file needs; return path -> id."""
        if not new_units:
            return {}
        known = dict(Unit.objects.filter(organisation=self.organisation).values_list("path", "pk"))
        real: dict[str, int] = {}
        paths = sorted(new_units)
        for start in range(0, len(paths), UNITS_PER_TRANSACTION):
            before = set(known.values())
            with transaction.atomic():
                for path in paths[start : start + UNITS_PER_TRANSACTION]:
                    real[path] = unit_ensure_path(
                        organisation=self.organisation,
                        names=path.split(UNIT_PATH_SEPARATOR),
                        known=known,
                        dry_run=False,
                    )[0]
                # Journalled before the commit: if the commit fails, the record names units that do not exist.
                self._journal(undo, ("units", sorted(set(known.values()) - before)))
        return real

    def _apply_chunks(self, unit_ids: dict[str, int], undo: IO[bytes], progress: ApplyProgress | None) -> None:
        table = self.writer.table
        done = 0
        with (self.folder / STAGE_FILE).open("rb") as stage:
            for _ in range(self.chunks):
                inserts, updates = pickle.load(stage)  # noqa: S301 - written by this object
                if unit_ids:
                    inserts = [self._real_unit(row, unit_ids) for row in inserts]
                    updates = [self._real_unit(row, unit_ids) for row in updates]
                old_rows: list[tuple[Any, ...]] = []
                if updates:
                    ids = [row[0] for row in updates]
                    placeholders = ", ".join(["%s"] * len(ids))
                    columns = ", ".join(map(connection.ops.quote_name, ROW_COLUMNS))
                    with connection.cursor() as cursor:
                        cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({placeholders})", ids)  # noqa: S608
                        old_rows = [tuple(row) for row in cursor.fetchall()]
                self._journal(undo, ("people", [row[0] for row in inserts], old_rows))
                with transaction.atomic():
                    self.writer.insert(inserts)
                    self.writer.update(updates)
                done += len(inserts) + len(updates)
                if progress is not None:
                    progress(done, self.rows)

    @staticmethod
    def _real_unit(row: tuple[Any, ...], unit_ids: dict[str, int]) -> tuple[Any, ...]:
        unit = row[_UNIT_INDEX]
        if not isinstance(unit, str):
            return row
        return (*row[:_UNIT_INDEX], unit_ids[unit], *row[_UNIT_INDEX + 1 :])

    def _link_managers(self) -> None:
        """Link people to managers written after them, one range of ids per transaction."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN(id), MAX(id) FROM {self.writer.table} WHERE organisation_id = %s",  # noqa: S608
                [self.organisation.pk],
            )
            lowest, highest = cursor.fetchone()
        if lowest is None:
            return
        for start in range(int(lowest), int(highest) + 1, LINK_RANGE):
            with transaction.atomic():
                self.writer.link_managers(id_range=(start, start + LINK_RANGE))

    def _deactivate(self, ids: list[int], undo: IO[bytes]) -> None:
        table = self.writer.table
        columns = ", ".join(map(connection.ops.quote_name, ROW_COLUMNS))
        for start in range(0, len(ids), APPLY_ROWS):
            chunk = ids[start : start + APPLY_ROWS]
            placeholders = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({placeholders})", chunk)  # noqa: S608
                old_rows = [tuple(row) for row in cursor.fetchall()]
            self._journal(undo, ("people", [], old_rows))
            with transaction.atomic():
                self.writer.deactivate(chunk)

    def _place_audiences(self, audiences: dict[str, tuple[str, str]], undo: IO[bytes]) -> None:
        """Set the audience and rule of each placed person, APPLY_ROWS people per transaction."""
        employee_ids = sorted(audiences)
        people = Person.objects.filter(organisation=self.organisation)
        for start in range(0, len(employee_ids), APPLY_ROWS):
            chunk = employee_ids[start : start + APPLY_ROWS]
            current = list(
                people.filter(employee_id__in=chunk).values_list("pk", "employee_id", "audience", "audience_rule")
            )
            self._journal(undo, ("audiences", [(pk, audience, rule) for pk, _, audience, rule in current]))
            groups: dict[tuple[str, str], list[int]] = {}
            for pk, employee_id, _, _ in current:
                groups.setdefault(audiences[employee_id], []).append(pk)
            with transaction.atomic():
                for (audience, rule), pks in groups.items():
                    people.filter(pk__in=pks).update(audience=audience, audience_rule=rule)
