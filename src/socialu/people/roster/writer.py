"""Write people with set-based SQL through Django's connection (SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from django.db import connection, transaction

from socialu.people.models import Person

BATCH_SIZE = 5000
_ID_BLOCK = 10000

# The order of the values in a row tuple built by the importer.
ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "organisation_id",
    "employee_id",
    "name",
    "email",
    "unit_id",
    "audience",
    "job_title",
    "location",
    "manager_id",
    "manager_employee_id",
    "generation_band",
    "is_external",
    "is_active",
    "roster_fingerprint",
    "created_at",
    "updated_at",
    "deactivated_at",
)
_COLUMN_INDEX = {column: index for index, column in enumerate(ROW_COLUMNS)}
# Which row columns an update writes for each mapped field.
_UPDATED_BY_FIELD: dict[str, tuple[str, ...]] = {
    "unit": ("unit_id",),
    "job_title": ("job_title",),
    "location": ("location",),
    "manager_employee_id": ("manager_id", "manager_employee_id"),
    "generation_band": ("generation_band",),
    "is_external": ("is_external",),
}


class PersonWriter:
    """Insert, update and deactivate one organisation's people in batches."""

    def __init__(self, *, organisation_id: int, mapped_fields: set[str], now: datetime.datetime) -> None:
        quote = connection.ops.quote_name
        self.organisation_id = organisation_id
        self.table = quote(Person._meta.db_table)
        self.now: Any = connection.ops.adapt_datetimefield_value(now)
        self._next_ids: list[int] = []
        placeholders = ", ".join(["%s"] * len(ROW_COLUMNS))
        self.insert_sql = f"INSERT INTO {self.table} ({', '.join(map(quote, ROW_COLUMNS))}) VALUES ({placeholders})"  # noqa: S608
        updated = ["name", "email", "audience", "is_active", "roster_fingerprint"]
        for field, field_columns in _UPDATED_BY_FIELD.items():
            if field in mapped_fields:
                updated.extend(field_columns)
        assignments = [f"{quote(column)} = %s" for column in updated]
        assignments.append(f"{quote('updated_at')} = %s")
        assignments.append(
            f"{quote('deactivated_at')} = CASE WHEN %s THEN NULL ELSE COALESCE({quote('deactivated_at')}, %s) END"
        )
        self.update_sql = f"UPDATE {self.table} SET {', '.join(assignments)} WHERE {quote('id')} = %s"  # noqa: S608
        self._update_picker = itemgetter(*(_COLUMN_INDEX[column] for column in updated))
        self._active_index = _COLUMN_INDEX["is_active"]

    def next_id(self) -> int:
        """Return a fresh primary key for a new person, reserved in blocks."""
        if not self._next_ids:
            self._reserve_ids()
        return self._next_ids.pop()

    def _reserve_ids(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [Person._meta.db_table, _ID_BLOCK],
                )
                ids = [int(row[0]) for row in cursor.fetchall()]
            else:
                ids = self._reserve_sqlite_ids(cursor)
        ids.reverse()
        self._next_ids = ids

    def _reserve_sqlite_ids(self, cursor: Any) -> list[int]:
        """Move the table's AUTOINCREMENT counter past a block of ids, in a transaction of its own.

        Other connections insert people while an import stages its rows, so the
        ids are reserved, not merely assumed free: SQLite never hands out an id
        at or below the counter.
        """
        name = Person._meta.db_table
        with transaction.atomic():
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
            highest = int(cursor.fetchone()[0])
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [name])
            sequence = cursor.fetchone()
            start = max(highest, int(sequence[0]) if sequence else 0) + 1
            if sequence:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + _ID_BLOCK - 1, name])
            else:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, start + _ID_BLOCK - 1])
        return list(range(start, start + _ID_BLOCK))

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert new people; each row follows ROW_COLUMNS."""
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.insert_sql, rows)

    def update(self, rows: list[tuple[Any, ...]]) -> None:
        """Update existing people; each row follows ROW_COLUMNS and carries the person's id first."""
        if rows:
            pick = self._update_picker
            active = self._active_index
            now = self.now
            with connection.cursor() as cursor:
                cursor.executemany(self.update_sql, [(*pick(row), now, row[active], now, row[0]) for row in rows])

    def link_managers(self, *, id_range: tuple[int, int] | None = None) -> None:
        """Set the manager of everyone whose manager was written after them, in one statement.

        With *id_range* (first, past the last), only for the people whose id is in it.
        """
        table = self.table
        in_range = ""
        parameters: list[int] = [self.organisation_id, self.organisation_id]
        if id_range is not None:
            in_range = " AND id >= %s AND id < %s"
            parameters.extend(id_range)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET manager_id = ("  # noqa: S608
                f"SELECT m.id FROM {table} m WHERE m.organisation_id = %s "
                f"AND m.employee_id = {table}.manager_employee_id) "
                f"WHERE organisation_id = %s AND manager_id IS NULL AND manager_employee_id <> ''{in_range}",
                parameters,
            )

    def deactivate(self, ids: list[int]) -> None:
        """Mark people inactive; clear their fingerprint so that a returning row is written again."""
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH_SIZE):
                cursor.executemany(
                    f"UPDATE {self.table} SET is_active = %s, deactivated_at = %s, updated_at = %s, "  # noqa: S608
                    "roster_fingerprint = 0 WHERE id = %s",
                    [(False, self.now, self.now, pk) for pk in ids[start : start + BATCH_SIZE]],
                )


@contextlib.contextmanager
def small_sqlite_cache(kib: int) -> Iterator[None]:
    """Cap SQLite's page cache while an import runs, to leave memory for the import's own tables.

    On a million rows, 16 MB imports as fast as 32 MB or 256 MB (8 MB is a little
    slower) and keeps the import's peak memory under 400 MB.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")
            # Hand back the pages the import's reading and index building filled.
            cursor.execute("PRAGMA shrink_memory")
