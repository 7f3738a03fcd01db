"""The people an import knows about, numbered, in compact arrays."""

from __future__ import annotations

from array import array
from itertools import repeat
from operator import and_, rshift
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.roster.batches import email_hashes

EXISTING = 1
EXISTING_ACTIVE = 2
ASK_DATABASE = -2
_GROWTH = 1 << 16
_FETCH = 5000


class PeopleTable:
    """Every employee id an import meets, in the database or the file, with what it needs per person.

    Each employee id gets a number ("symbol"); the arrays are indexed by it, so a
    million people cost a few bytes each beyond their id and email hash.
    """

    def __init__(self, *, organisation: Organisation, audience_index: dict[str, int]) -> None:
        self.organisation = organisation
        self.audience_index = audience_index
        # Each employee id seen gets a number ("symbol"); the arrays below are indexed by it.
        self.symbols: dict[str, int] = {}
        self.employee_ids: list[str] = []
        self.pks = array("q")  # primary key, 0 until known
        self.fingerprints = array("q")  # roster_fingerprint in the database
        self.lines = array("i")  # line of the person's row in the file, 0 when absent
        self.managers = array("i")  # manager's symbol, -1 for none, ASK_DATABASE when not loaded
        self.flags = bytearray()  # EXISTING, EXISTING_ACTIVE
        self.audiences = bytearray()  # index of the audience in the database
        # hash(email) -> symbol of the person who has it, in the database or in the file. Python's
        # 64-bit string hash stands in for the address to keep a million of them small. The
        # addresses in the database join it only when a new or changed row needs them (index_emails):
        # an unchanged row is checked against the hash of its own stored address, stored_emails.
        self.emails: dict[int, int] = {}
        self.emails_indexed = False
        self.stored_emails = array("q")  # hash of the email in the database, for existing people

    def symbol(self, employee_id: str) -> int:
        """Return the number of *employee_id*, adding it to the table when new."""
        number = self.symbols.get(employee_id)
        if number is None:
            number = len(self.employee_ids)
            self.symbols[employee_id] = number
            self.employee_ids.append(employee_id)
            if number >= len(self.pks):
                self.grow()
        return number

    def index_emails(self) -> None:
        """Add the email addresses in the database to self.emails (the same dictionary, updated).

        Call before the first claim by a row of the file; the database's owners take precedence.
        """
        if not self.emails_indexed:
            self.emails_indexed = True
            self.emails.update(zip(self.stored_emails, range(len(self.stored_emails)), strict=True))

    def release(self) -> None:
        """Drop the symbol table and arrays once the rows are checked and written."""
        self.symbols = {}
        self.emails = {}
        self.stored_emails = array("q")
        self.employee_ids = []
        for name in ("pks", "fingerprints", "lines", "managers"):
            setattr(self, name, array(getattr(self, name).typecode))
        self.flags = bytearray()
        self.audiences = bytearray()

    def grow(self) -> None:
        """Make room in the arrays for the next _GROWTH symbols."""
        self.pks.frombytes(bytes(8 * _GROWTH))
        self.fingerprints.frombytes(bytes(8 * _GROWTH))
        self.lines.frombytes(bytes(4 * _GROWTH))
        self.managers.extend(array("i", [-1]) * _GROWTH)
        self.flags.extend(bytes(_GROWTH))
        self.audiences.extend(bytes(_GROWTH))

    def load_existing(self) -> None:
        """Load the organisation's people: ids, fingerprints, status, audience and email."""
        table = connection.ops.quote_name(Person._meta.db_table)
        audience_case = " ".join(f"WHEN '{value}' THEN {index}" for value, index in self.audience_index.items())
        with connection.cursor() as cursor:
            sql = (
                # The flags (EXISTING, EXISTING_ACTIVE) and the audience's index share one column: four times
                # the audience plus the flags.
                "SELECT employee_id, id, roster_fingerprint, "  # noqa: S608
                f"(CASE audience {audience_case} ELSE 0 END) * 4 + (CASE WHEN is_active THEN 3 ELSE 1 END), "
                f"email FROM {table} "
                f"WHERE {self._organisation_filter(cursor, table)} = %s"
            )
            if connection.vendor == "sqlite":
                # The driver's own cursor: Django's wrapper adds nothing here but time.
                raw = connection.connection.cursor()
                try:
                    raw.execute(sql.replace("%s", "?"), [self.organisation.pk])
                    self._load_batches(raw)
                finally:
                    raw.close()
            else:
                cursor.execute(sql, [self.organisation.pk])
                self._load_batches(cursor)

    def _load_batches(self, cursor: Any) -> None:
        # Batches of columns keep this loop in C; the database guarantees unique employee ids.
        while batch := cursor.fetchmany(_FETCH):
            first = len(self.employee_ids)
            count = len(batch)
            employee_ids, pks, fingerprints, flags_and_audiences, emails = zip(*batch, strict=True)
            numbers = range(first, first + count)
            self.symbols.update(zip(employee_ids, numbers, strict=True))
            self.employee_ids.extend(employee_ids)
            self.pks.extend(pks)
            self.fingerprints.extend(fingerprints)
            self.flags.extend(map(and_, flags_and_audiences, repeat(3)))
            self.audiences.extend(map(rshift, flags_and_audiences, repeat(2)))
            self.stored_emails.extend(email_hashes(list(emails)))
            self.lines.frombytes(bytes(4 * count))
            self.managers.extend(array("i", [ASK_DATABASE]) * count)

    def _organisation_filter(self, cursor: CursorWrapper, table: str) -> str:
        """Return the organisation column to filter on, so that SQLite picks the faster plan.

        When the organisation holds most of the table, reading the whole table in
        order beats following an index to each row; "+column" tells SQLite not to
        use an index for that column.
        """
        if connection.vendor != "sqlite":
            return "organisation_id"
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE organisation_id = %s", [self.organisation.pk])  # noqa: S608
        ours = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return "+organisation_id" if ours * 2 >= int(cursor.fetchone()[0]) else "organisation_id"

    def database_manager(self, number: int) -> int:
        """Return the symbol of the manager the database records for a person absent from the file."""
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT manager_employee_id FROM {table} WHERE organisation_id = %s AND id = %s",  # noqa: S608
                [self.organisation.pk, self.pks[number]],
            )
            found = cursor.fetchone()
        return self.symbol(found[0]) if found and found[0] else -1
