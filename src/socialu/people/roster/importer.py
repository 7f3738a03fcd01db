"""Import a roster: validate every row, then upsert people in one transaction."""

from __future__ import annotations

import contextlib
import logging
import time
from array import array
from collections.abc import Callable, Iterator
from hashlib import blake2b
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.roster.graph import find_cycles
from socialu.people.roster.mapping import resolve_mapping, suggest_mapping
from socialu.people.roster.reader import RosterFile, open_roster
from socialu.people.roster.results import RosterImportResult, RowError
from socialu.people.roster.rows import RowChecker
from socialu.people.roster.writer import BATCH_SIZE, PersonWriter

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
PROGRESS_EVERY = 5000
MAX_REPORTED_ERRORS = 10000
_EXISTING = 1
_EXISTING_ACTIVE = 2


class _RollBackError(Exception):
    """Raised inside the transaction to undo an import that rejected rows."""


def roster_read_headers(*, path: Path, filename: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Return the file's headers and the suggested mapping header -> field."""
    with open_roster(path=path, filename=filename) as roster:
        return roster.headers, suggest_mapping(roster.headers)


def roster_import(
    *,
    organisation: Organisation,
    path: Path,
    filename: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    full_sync: bool = False,
    progress: ProgressCallback | None = None,
) -> RosterImportResult:
    """Import the roster at *path* into *organisation*, all or nothing.

    Upsert people by employee id, create missing units, set managers and, with
    *full_sync*, deactivate active people missing from the file. When any row
    is rejected nothing is written. A dry run reports the same counts and
    errors without writing.
    """
    result = RosterImportResult(dry_run=dry_run, full_sync=full_sync)
    with open_roster(path=path, filename=filename) as roster:
        result.mapping = resolve_mapping(headers=roster.headers, explicit=mapping)
        run = _ImportRun(organisation=organisation, roster=roster, result=result, progress=progress)
        if dry_run:
            run.execute(write=False)
        else:
            with contextlib.suppress(_RollBackError), transaction.atomic():
                run.execute(write=True)
                if result.rejected:
                    raise _RollBackError
    result.applied = not dry_run and not result.rejected
    return result


class _ImportRun:
    """The state of one import: a compact symbol table of employee ids and the rows seen."""

    def __init__(
        self,
        *,
        organisation: Organisation,
        roster: RosterFile,
        result: RosterImportResult,
        progress: ProgressCallback | None,
    ) -> None:
        self.organisation = organisation
        self.roster = roster
        self.result = result
        self.progress = progress
        self.checker = RowChecker(organisation=organisation, headers=roster.headers, mapping=result.mapping)
        # Per employee id ("symbol"): its number, then arrays indexed by that number.
        self.symbols: dict[str, int] = {}
        self.employee_ids: list[str] = []
        self.pks = array("q")
        self.fingerprints = array("q")
        self.lines = array("i")
        self.managers = array("i")
        self.flags = bytearray()
        self.audiences = bytearray()
        # hash(email) -> symbol * 2 + 1 when the email comes from the file, symbol * 2 from the database.
        self.emails: dict[int, int] = {}
        self.bad_lines: set[int] = set()

    def symbol(self, employee_id: str) -> int:
        """Return the number of *employee_id*, adding it to the table when new."""
        number = self.symbols.get(employee_id)
        if number is None:
            number = len(self.employee_ids)
            self.symbols[employee_id] = number
            self.employee_ids.append(employee_id)
            self.pks.append(0)
            self.fingerprints.append(0)
            self.lines.append(0)
            self.managers.append(-1)
            self.flags.append(0)
            self.audiences.append(0)
        return number

    def reject(self, error: RowError) -> None:
        """Record a rejected row."""
        if error.line not in self.bad_lines:
            self.bad_lines.add(error.line)
            self.result.rejected += 1
        if len(self.result.errors) < MAX_REPORTED_ERRORS:
            self.result.errors.append(error)

    def load_existing(self) -> None:
        """Load the organisation's people: ids, fingerprints, emails and managers."""
        audience_index = self.checker.audience_index
        table = connection.ops.quote_name(Person._meta.db_table)
        symbol = self.symbol
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT employee_id, id, roster_fingerprint, is_active, audience, email, manager_employee_id "  # noqa: S608
                f"FROM {table} WHERE organisation_id = %s",
                [self.organisation.pk],
            )
            while batch := cursor.fetchmany(BATCH_SIZE):
                for employee_id, pk, fingerprint, is_active, audience, email, manager_employee_id in batch:
                    number = symbol(employee_id)
                    self.pks[number] = pk
                    self.fingerprints[number] = fingerprint
                    self.flags[number] = _EXISTING | (_EXISTING_ACTIVE if is_active else 0)
                    self.audiences[number] = audience_index.get(audience, 0)
                    self.emails[hash(email)] = number * 2
                    if manager_employee_id:
                        self.managers[number] = symbol(manager_employee_id)

    def execute(self, *, write: bool) -> None:
        """Validate every row and, when *write*, write the changes as they stream by."""
        result = self.result
        self.checker.dry_run = not write
        started = time.perf_counter()
        self.load_existing()
        logger.debug("Loaded %s people in %.2f s", len(self.pks), time.perf_counter() - started)
        writer = (
            PersonWriter(organisation_id=self.organisation.pk, mapped_fields=self.checker.fields, now=timezone.now())
            if write
            else None
        )
        if writer is not None:
            writer.suspend_indexes(expected_rows=self.roster.estimated_rows)
        started = time.perf_counter()
        suspicious = self._scan(writer)
        logger.debug("Scanned %s rows in %.2f s", result.rows, time.perf_counter() - started)
        self._check_managers(suspicious)
        if result.rejected:
            result.errors.sort(key=lambda error: error.line)
            return
        missing: list[int] = []
        if result.full_sync:
            flags, lines, pks = self.flags, self.lines, self.pks
            missing = [
                pks[number] for number in range(len(pks)) if flags[number] & _EXISTING_ACTIVE and not lines[number]
            ]
            result.deactivated = len(missing)
        if writer is not None:
            started = time.perf_counter()
            writer.link_managers()
            logger.debug("Linked managers in %.2f s", time.perf_counter() - started)
            if missing:
                writer.deactivate(missing)
            started = time.perf_counter()
            writer.restore_indexes()
            logger.debug("Restored indexes in %.2f s", time.perf_counter() - started)

    def _scan(self, writer: PersonWriter | None) -> list[int]:
        """Check each row, count what it would do and queue its write; return rows to check for cycles."""
        result = self.result
        checker = self.checker
        check = checker.check
        symbols, symbol = self.symbols, self.symbol
        pks, fingerprints, lines, managers, flags, audiences = (
            self.pks,
            self.fingerprints,
            self.lines,
            self.managers,
            self.flags,
            self.audiences,
        )
        emails = self.emails
        organisation_id = self.organisation.pk
        digest_key = checker.fingerprint_key
        audience_values = checker.audience_values
        manager_mapped = checker.manager_mapped
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        suspicious: list[int] = []
        total = self.roster.estimated_rows
        progress = self.progress
        rows = 0
        line = 1
        for line, cells in enumerate(self._rows(), start=2):
            rows += 1
            if progress is not None and rows % PROGRESS_EVERY == 0:
                total = max(total, rows)
                progress(rows, total)
            values, errors = check(cells, line)
            if values is None:
                if not errors:
                    rows -= 1
                    continue
                for error in errors:
                    self.reject(error)
                if writer is not None:
                    inserts.clear()
                    updates.clear()
                    writer = None
                continue
            employee_id, name, email, unit_id, audience, job_title, location, manager_id_text = values[:8]
            generation_band, is_external, is_active, unit_path = values[8:]
            number = symbols.get(employee_id)
            if number is None:
                number = symbol(employee_id)
            if lines[number]:
                errors.append(checker.duplicate_employee_id(line, employee_id, lines[number]))
            else:
                lines[number] = line
            email_hash = hash(email)
            owner = emails.get(email_hash)
            if owner is None:
                emails[email_hash] = number * 2 + 1
            elif owner >> 1 != number:
                other = owner >> 1
                errors.append(
                    checker.duplicate_email(line, email, lines[other] if owner & 1 else 0, self.employee_ids[other])
                )
            manager = -1
            if manager_mapped and manager_id_text:
                manager = symbols.get(manager_id_text, -1)
                if manager < 0:
                    manager = symbol(manager_id_text)
                if manager == number:
                    errors.append(checker.self_managed(line, employee_id))
                elif not lines[manager]:
                    suspicious.append(number)
            existing = flags[number] & _EXISTING
            if not audience:
                audience = audience_values[audiences[number]] if existing else "observer"
            if errors:
                for error in errors:
                    self.reject(error)
                if writer is not None:
                    inserts.clear()
                    updates.clear()
                    writer = None
                continue
            if manager_mapped:
                managers[number] = manager
            fingerprint = int.from_bytes(
                blake2b(
                    "\x1f".join(
                        (name, email, unit_path, audience, job_title, location, manager_id_text, generation_band)
                    ).encode()
                    + (b"\x01" if is_external else b"\x00")
                    + (b"\x01" if is_active else b"\x00"),
                    digest_size=8,
                    key=digest_key,
                ).digest(),
                "big",
                signed=True,
            )
            if existing:
                if fingerprints[number] == fingerprint:
                    result.unchanged += 1
                    continue
                result.updated += 1
            else:
                result.created += 1
            if writer is None:
                continue
            pk = pks[number]
            if not pk:
                pk = pks[number] = writer.next_id()
            manager_pk = pks[manager] if manager >= 0 else 0
            row = (
                pk,
                organisation_id,
                employee_id,
                name,
                email,
                unit_id,
                audience,
                job_title,
                location,
                manager_pk or None,
                manager_id_text,
                generation_band,
                is_external,
                is_active,
                fingerprint,
            )
            if existing:
                updates.append(row)
                if len(updates) >= BATCH_SIZE:
                    writer.update(updates)
                    updates.clear()
            else:
                inserts.append(row)
                if len(inserts) >= BATCH_SIZE:
                    writer.insert(inserts)
                    inserts.clear()
        result.rows = rows
        result.units_created = checker.units_created
        if writer is not None:
            writer.insert(inserts)
            writer.update(updates)
        if progress is not None:
            progress(rows, rows)
        return suspicious

    def _rows(self) -> Iterator[list[str]]:
        width = len(self.roster.headers)
        padding = [""] * width
        for cells in self.roster.rows:
            yield cells if len(cells) >= width else cells + padding[: width - len(cells)]

    def _check_managers(self, suspicious: list[int]) -> None:
        """Reject rows whose manager is unknown, and every row in a cycle of managers."""
        lines, flags, managers, employee_ids = self.lines, self.flags, self.managers, self.employee_ids
        checker = self.checker
        for number in suspicious:
            manager = managers[number]
            if manager >= 0 and not lines[manager] and not flags[manager] & _EXISTING:
                self.reject(checker.manager_not_found(lines[number], employee_ids[manager]))
        for cycle in find_cycles(managers=managers, starts=suspicious):
            chain = [employee_ids[number] for number in cycle]
            for number in cycle:
                if lines[number]:
                    self.reject(
                        checker.manager_cycle(lines[number], employee_ids[managers[number]], [*chain, chain[0]])
                    )
