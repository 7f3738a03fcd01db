"""Import a roster: check and stage every row, then apply the staged rows all or nothing."""

from __future__ import annotations

import contextlib
import logging
import time
from array import array
from collections.abc import Callable, Generator, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.core.tabular import Table, open_table
from socialu.people.roster.audiences import roster_audiences_place
from socialu.people.roster.batches import CELL_SEPARATOR, RowBatches
from socialu.people.roster.graph import find_cycles
from socialu.people.roster.mapping import resolve_mapping, suggest_mapping
from socialu.people.roster.parallel import Batch, ParallelReader, can_read_in_parallel
from socialu.people.roster.people_table import ASK_DATABASE, EXISTING, EXISTING_ACTIVE, PeopleTable
from socialu.people.roster.quality import check_deactivation_share, describe_file
from socialu.people.roster.results import ImportChoices, RosterImportResult, RowError
from socialu.people.roster.rows import RowChecker
from socialu.people.roster.staging import RosterStage, organisation_import_lock
from socialu.people.roster.writer import BATCH_SIZE, PersonWriter, small_sqlite_cache
from socialu.people.signals import people_changed_announce

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
MAX_REPORTED_ERRORS = 10000
IMPORT_SQLITE_CACHE_KIB = 16 * 1024


def roster_read_headers(
    *, path: Path, filename: str | None = None, encoding: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """Return the file's headers and the suggested mapping header -> field."""
    with open_table(path=path, filename=filename, encoding=encoding or None) as roster:
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
    choices: ImportChoices | None = None,
) -> RosterImportResult:
    """Import the roster at *path* into *organisation*, all or nothing.

    Upsert people by employee id, create missing units, set managers and, with
    *full_sync*, deactivate active people missing from the file. When any row
    is rejected nothing is written. A dry run reports the same counts and
    errors without writing. *choices* may set the encoding of a CSV file
    (else detected) and confirm that a full sync may deactivate more than
    the allowed share of active people (see quality.py).
    """
    choices = choices or ImportChoices()
    result = RosterImportResult(dry_run=dry_run, full_sync=full_sync)
    with open_table(path=path, filename=filename, encoding=choices.encoding or None) as roster:
        result.mapping = resolve_mapping(headers=roster.headers, explicit=mapping)
        describe_file(result=result, table=roster, path=path, filename=filename)
        run = _ImportRun(organisation=organisation, roster=roster, result=result, progress=progress)
        run.confirm_deactivations = choices.confirm_deactivations
        place_audiences = partial(
            roster_audiences_place,
            organisation=organisation,
            result=result,
            path=path,
            filename=filename,
            encoding=choices.encoding or None,
        )
        if dry_run:
            run.execute(stage=None)
            place_audiences(write=False)
            result.applied = False
            return result
        # Checked and staged outside any write transaction, then applied in short ones
        # (see staging.py): other requests never wait for the file to be read.
        with organisation_import_lock(organisation), small_sqlite_cache(IMPORT_SQLITE_CACHE_KIB):
            writer = PersonWriter(organisation_id=organisation.pk, mapped_fields=run.checker.fields, now=timezone.now())
            stage = RosterStage(organisation=organisation, writer=writer)
            try:
                run.execute(stage=stage)
                # Who each audience rule places is worked out from the file before anything is
                # written; the placement is applied with the people (see RosterStage.apply).
                placed = {} if result.rejected else place_audiences(write=False)
            except BaseException:
                stage.discard()
                raise
            if result.rejected:
                stage.discard()
            else:
                run.apply(stage, audiences=placed)
    result.applied = not result.rejected
    rules_placed = any(rule["people"] for rule in result.audience_rules)
    if result.applied and (result.created or result.updated or result.deactivated or rules_placed):
        people_changed_announce(organisation=organisation, person_ids=None)
    return result


class _ImportRun:
    """One import: the file, the checks, the people table and the counts."""

    def __init__(
        self,
        *,
        organisation: Organisation,
        roster: Table,
        result: RosterImportResult,
        progress: ProgressCallback | None,
    ) -> None:
        self.organisation = organisation
        self.roster = roster
        self.result = result
        self.progress = progress
        self.checker = RowChecker(organisation=organisation, headers=roster.headers, mapping=result.mapping)
        self.people = PeopleTable(organisation=organisation, audience_index=self.checker.audience_index)
        self.bad_lines: set[int] = set()
        self.deferred_managers = 0
        # (line, manager) of rows rejected for other reasons, so that an unknown manager is reported too.
        self.rejected_managers: list[tuple[int, int]] = []
        # Active people whose row now says they left: their access ends with the import.
        self.leavers: list[int] = []
        # Active people a full sync deactivates.
        self.missing: list[int] = []
        # Paths of the units the import creates when it is applied.
        self.new_units: set[str] = set()
        self.confirm_deactivations = False
        self._employee_id_of_line: dict[int, str] | None = None

    def reject(self, error: RowError, *, counted_as: str = "") -> None:
        """Record a rejected row; *counted_as* names the count the row was already added to."""
        if not error.employee_id:
            error = self._with_employee_id(error)
        if error.line not in self.bad_lines:
            self.bad_lines.add(error.line)
            self.result.rejected += 1
            if counted_as:
                setattr(self.result, counted_as, getattr(self.result, counted_as) - 1)
        if len(self.result.errors) < MAX_REPORTED_ERRORS:
            self.result.errors.append(error)

    def _with_employee_id(self, error: RowError) -> RowError:
        """Return *error* naming the employee ID of its row, when the row has one (looked up once, lazily)."""
        if self._employee_id_of_line is None:
            lines, employee_ids = self.people.lines, self.people.employee_ids
            self._employee_id_of_line = {
                lines[number]: employee_id for number, employee_id in enumerate(employee_ids) if lines[number]
            }
        employee_id = self._employee_id_of_line.get(error.line, "")
        return replace(error, employee_id=employee_id) if employee_id else error

    def execute(self, *, stage: RosterStage | None) -> None:
        """Check every row and, given a *stage*, stage the changes as they stream by."""
        result = self.result
        # Units are only created when the import is applied: until then they have provisional ids.
        self.checker.dry_run = True
        started = time.perf_counter()
        # A large CSV file is read by a second process, from now on, while this one loads the people.
        with contextlib.closing(self._batches()) as batches:
            self.people.load_existing()
            logger.debug("Loaded %s people in %.2f s", len(self.people.employee_ids), time.perf_counter() - started)
            started = time.perf_counter()
            changed_managers = self._scan(batches, stage)
            logger.debug("Scanned %s rows in %.2f s", result.rows, time.perf_counter() - started)
        self._check_managers(changed_managers)
        if result.rejected:
            result.errors.sort(key=lambda error: error.line)
            return
        if result.full_sync:
            flags, lines, pks = self.people.flags, self.people.lines, self.people.pks
            self.missing = [
                pks[number]
                for number in range(len(self.people.employee_ids))
                if flags[number] & EXISTING_ACTIVE and not lines[number]
            ]
            result.deactivated = len(self.missing)
            check_deactivation_share(
                result=result,
                active_before=sum(1 for flag in flags if flag & EXISTING_ACTIVE),
                confirmed=self.confirm_deactivations,
            )

    def apply(self, stage: RosterStage, *, audiences: dict[str, tuple[str, str]] | None = None) -> None:
        """Write what execute() staged, then the audiences the rules set, all or nothing."""
        started = time.perf_counter()
        self.people.release()
        stage.apply(
            new_units=self.new_units,
            deactivate=self.missing,
            leavers=self.leavers,
            link_managers=bool(self.deferred_managers),
            audiences=audiences or {},
            progress=self.progress,
        )
        logger.debug("Applied %s staged rows in %.2f s", stage.rows, time.perf_counter() - started)

    def _batches(self) -> ParallelReader | Generator[Batch]:
        """Return the file's rows in batches, read by a second process when the file is large."""
        checker = self.checker
        row_batches = RowBatches(
            columns=len(self.roster.headers),
            mapped_positions=checker.mapped_positions,
            salt=checker.fingerprint_salt,
            employee_id_index=checker.index["employee_id"],
            email_index=checker.index["email"],
        )
        source = self.roster.source
        if source is not None and can_read_in_parallel(source=source, estimated_rows=self.roster.estimated_rows):
            try:
                return ParallelReader(row_batches, source, self.people.symbols)
            except OSError:
                logger.warning("Could not start a second process to read the roster; reading it here", exc_info=True)
        return row_batches.batches(self.roster.rows, self.people.symbols)

    def _scan(self, batches: Iterable[Batch], writer: RosterStage | None) -> array[int]:
        """Check each row, count what it would do and queue its write.

        Return the rows whose manager changed or is new, for the checks on managers.
        """
        result = self.result
        checker = self.checker
        fast, check, row_parts = checker.fast, checker.check, checker.parts
        people = self.people
        symbols, symbol, employee_ids, emails = people.symbols, people.symbol, people.employee_ids, people.emails
        pks, fingerprints, lines = people.pks, people.fingerprints, people.lines
        managers, flags, audiences = people.managers, people.flags, people.audiences
        stored_emails, stored_count = people.stored_emails, len(people.stored_emails)
        organisation_id = self.organisation.pk
        now = writer.now if writer is not None else None
        audience_values = checker.audience_values
        manager_mapped = checker.manager_mapped
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        changed_managers = array("i")
        new_units = self.new_units
        total = self.roster.estimated_rows
        progress = self.progress
        rows = created = updated = unchanged = deferred = 0
        line = 1
        for batch, batch_fingerprints, batch_numbers, batch_email_hashes in batches:
            if progress is not None and rows:
                total = max(total, rows)
                progress(rows, total)
            for given, fingerprint, known, email_hash in zip(
                batch, batch_fingerprints, batch_numbers, batch_email_hashes, strict=True
            ):
                line += 1
                rows += 1
                if 0 <= known < stored_count and fingerprints[known] == fingerprint and not lines[known]:
                    # The same cells were imported before (and checked then): only the file-wide
                    # checks remain, on duplicate ids and email addresses.
                    if stored_emails[known] == email_hash:
                        # The person's own address in SocialU, so nobody else's, and no row of the
                        # file can have claimed it before (see below).
                        lines[known] = line
                        unchanged += 1
                        continue
                    if not people.emails_indexed:
                        people.index_emails()
                    owner = emails.get(email_hash)
                    if owner is None:
                        emails[email_hash] = known
                    if owner is None or owner == known:
                        lines[known] = line
                        unchanged += 1
                        continue
                # A row read by the second process comes as text; split it only now that it is needed.
                cells: list[str] = given.split(CELL_SEPARATOR) if isinstance(given, str) else given
                values = fast(row_parts(cells))
                errors: list[RowError] = []
                if values is None:
                    values, errors = check(cells, line)
                    if values is None:
                        if not errors:
                            rows -= 1  # a blank line
                            continue
                        for error in errors:
                            self.reject(error)
                        writer = None
                        continue
                (
                    employee_id,
                    name,
                    email,
                    unit_id,
                    audience,
                    job_title,
                    location,
                    manager_id_text,
                    generation_band,
                    is_external,
                    is_active,
                    unit_path,
                ) = values
                number = symbols.get(employee_id, -1)
                if number < 0:
                    number = len(employee_ids)
                    symbols[employee_id] = number
                    employee_ids.append(employee_id)
                    if number >= len(pks):
                        self.people.grow()
                if lines[number]:
                    errors.append(checker.duplicate_employee_id(line, employee_id, lines[number]))
                else:
                    lines[number] = line
                if not people.emails_indexed:
                    people.index_emails()
                owner = emails.get(email_hash, number)
                if owner == number:
                    emails[email_hash] = number
                else:
                    errors.append(checker.duplicate_email(line, email, lines[owner], employee_ids[owner]))
                manager = -1
                if manager_mapped and manager_id_text:
                    manager = symbols.get(manager_id_text, -1)
                    if manager < 0:
                        manager = symbol(manager_id_text)
                    if manager == number:
                        errors.append(checker.self_managed(line, employee_id))
                existing = flags[number] & EXISTING
                if not audience:
                    audience = audience_values[audiences[number]] if existing else "observer"
                if errors:
                    for error in errors:
                        self.reject(error)
                    if manager >= 0 and manager != number:
                        self.rejected_managers.append((line, manager))
                    writer = None
                    continue
                if manager_mapped:
                    managers[number] = manager
                if existing:
                    if fingerprints[number] == fingerprint:
                        unchanged += 1
                        continue
                    updated += 1
                else:
                    created += 1
                if manager_mapped:
                    changed_managers.append(number)
                if writer is None:
                    continue
                pk = pks[number]
                if not pk:
                    pk = pks[number] = writer.next_id()
                manager_pk = None
                if manager >= 0:
                    manager_pk = pks[manager]
                    if not manager_pk:
                        # Linked once every chunk is in: a chunk never names a person of a later one.
                        manager_pk = None
                        deferred += 1
                if not is_active and flags[number] & EXISTING_ACTIVE:
                    self.leavers.append(pk)
                unit: int | str | None = unit_id
                if unit_id is None and unit_path:
                    # A unit the import creates: staged by its path, given its id when applied.
                    new_units.add(unit_path)
                    unit = unit_path
                row = (
                    pk,
                    organisation_id,
                    employee_id,
                    name,
                    email,
                    unit,
                    audience,
                    job_title,
                    location,
                    manager_pk,
                    manager_id_text,
                    generation_band,
                    is_external,
                    is_active,
                    fingerprint,
                    now,
                    now,
                    None,
                )
                if existing:
                    updates.append(row)
                else:
                    inserts.append(row)
                if len(inserts) + len(updates) >= BATCH_SIZE:
                    writer.write(inserts, updates)
                    inserts.clear()
                    updates.clear()
        result.rows, result.created, result.updated, result.unchanged = rows, created, updated, unchanged
        result.units_created = checker.units_created
        self.deferred_managers = deferred
        if writer is not None:
            writer.write(inserts, updates)
        if progress is not None:
            progress(rows, rows)
        return changed_managers

    def _count(self, number: int) -> str:
        """Return which count a new or changed row was added to."""
        return "updated" if self.people.flags[number] & EXISTING else "created"

    def _check_managers(self, changed: array[int]) -> None:
        """Reject rows whose manager is unknown, and every row in a cycle of managers.

        Only new or changed rows can close a cycle: the managers already stored
        form no cycle, so the search starts from those rows alone.
        """
        lines, flags, managers, employee_ids = (
            self.people.lines,
            self.people.flags,
            self.people.managers,
            self.people.employee_ids,
        )
        checker = self.checker
        for line, manager in self.rejected_managers:
            if not lines[manager] and not flags[manager] & EXISTING:
                self.reject(checker.manager_not_found(line, employee_ids[manager]))
        for number in changed:
            manager = managers[number]
            if manager >= 0 and not lines[manager] and not flags[manager] & EXISTING:
                self.reject(
                    checker.manager_not_found(lines[number], employee_ids[manager]), counted_as=self._count(number)
                )
        for cycle in find_cycles(
            managers=managers, starts=changed, unknown=ASK_DATABASE, ask=self.people.database_manager
        ):
            chain = [employee_ids[number] for number in cycle]
            for number in cycle:
                if lines[number]:
                    self.reject(
                        checker.manager_cycle(lines[number], employee_ids[managers[number]], [*chain, chain[0]]),
                        counted_as=self._count(number),
                    )
