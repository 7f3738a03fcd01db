"""Read a roster's rows in batches and work out, column by column, what each row needs.

Every per-row step here runs inside ``map`` over C functions, so a batch of
thousands of rows costs a handful of interpreter steps instead of a dozen per row.

This module uses the standard library only: run as a script (see parallel.py)
it is the second process that reads a large CSV file, without loading Django.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import sys
from collections import deque
from collections.abc import Generator, Iterator
from functools import partial
from hashlib import blake2b
from itertools import islice, repeat
from operator import and_, itemgetter, methodcaller
from typing import Any

BATCH_ROWS = 5000
# Sixty bits of the email's hash: Python stores such a number in 32 bytes instead of 36.
HASH_MASK = (1 << 60) - 1
CELL_SEPARATOR = "\x1f"
ROW_SEPARATOR = "\x1e"

_digest = methodcaller("digest")
_signed = partial(int.from_bytes, byteorder="big", signed=True)

Prepared = tuple[list[list[str]], list[int], list[str], list[str]]


class RowBatches:
    """Cut a stream of rows into padded batches with their fingerprints, employee ids and emails."""

    def __init__(
        self, *, columns: int, mapped_positions: list[int], salt: bytes, employee_id_index: int, email_index: int
    ) -> None:
        self.columns = columns
        self.mapped_positions = mapped_positions
        self.salt = salt
        self.employee_id_index = employee_id_index
        self.email_index = email_index
        # Two positions or more (the blank cell is always last), so the getter always returns a tuple.
        self.mapped_cells = itemgetter(*mapped_positions)
        self.hasher = partial(blake2b, digest_size=8, salt=salt)
        self.employee_id_cell = itemgetter(employee_id_index)
        self.email_cell = itemgetter(email_index)

    def settings(self) -> dict[str, Any]:
        """Return what the reading process needs to rebuild this object."""
        return {
            "columns": self.columns,
            "mapped_positions": self.mapped_positions,
            "salt": self.salt.hex(),
            "employee_id_index": self.employee_id_index,
            "email_index": self.email_index,
        }

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> RowBatches:
        """Return the object described by settings()."""
        return cls(
            columns=int(settings["columns"]),
            mapped_positions=[int(position) for position in settings["mapped_positions"]],
            salt=bytes.fromhex(settings["salt"]),
            employee_id_index=int(settings["employee_id_index"]),
            email_index=int(settings["email_index"]),
        )

    def batches(
        self, rows: Iterator[list[str]], symbols: dict[str, int]
    ) -> Generator[tuple[list[list[str]], list[int], list[int], list[int]]]:
        """Yield (rows, fingerprints, symbols, email hashes) per batch.

        The symbol is that of the row's employee id when it was known before the
        batch, -1 otherwise; the email hash is that of email_hashes().
        """
        for batch, fingerprints, employee_ids, emails in self.prepared(rows):
            yield batch, fingerprints, list(map(symbols.get, employee_ids, repeat(-1))), email_hashes(emails)

    def prepared(self, rows: Iterator[list[str]]) -> Iterator[Prepared]:
        """Yield (rows, fingerprints, employee ids, emails) per batch.

        Each row comes back with exactly one cell per column followed by the
        blank cell that unmapped fields read. The fingerprint hashes the mapped
        cells exactly as the file has them; the employee id is the trimmed cell,
        the email the trimmed cell in lower case.
        """
        columns = self.columns
        padding = [""] * columns
        blanks = repeat("")
        while batch := list(islice(rows, BATCH_ROWS)):
            if min(map(len, batch)) != columns or max(map(len, batch)) != columns:
                for cells in batch:
                    if len(cells) < columns:
                        cells.extend(padding[: columns - len(cells)])
                    else:
                        del cells[columns:]
            deque(map(list.append, batch, blanks), maxlen=0)
            keys = map(str.encode, map(CELL_SEPARATOR.join, map(self.mapped_cells, batch)))
            fingerprints = list(map(_signed, map(_digest, map(self.hasher, keys))))
            employee_ids = list(map(str.strip, map(self.employee_id_cell, batch)))
            emails = list(map(str.lower, map(str.strip, map(self.email_cell, batch))))
            yield batch, fingerprints, employee_ids, emails


def email_hashes(emails: list[str]) -> list[int]:
    """Return the key of each (trimmed, lower-case) address in PeopleTable.emails: Python's hash, masked."""
    return list(map(and_, map(hash, emails), repeat(HASH_MASK)))


def pack(prepared: Prepared, columns: int) -> tuple[Any, ...]:
    """Return a batch as compact text where possible: rows joined by ROW_SEPARATOR, cells by CELL_SEPARATOR."""
    batch, fingerprints, employee_ids, emails = prepared
    rows = ROW_SEPARATOR.join(map(CELL_SEPARATOR.join, batch))
    if rows.count(CELL_SEPARATOR) != columns * len(batch) or rows.count(ROW_SEPARATOR) != len(batch) - 1:
        rows_packed: list[list[str]] | str = batch
    else:
        rows_packed = rows
    ids = CELL_SEPARATOR.join(employee_ids)
    ids_packed: list[str] | str = ids if ids.count(CELL_SEPARATOR) == len(employee_ids) - 1 else employee_ids
    addresses = CELL_SEPARATOR.join(emails)
    emails_packed: list[str] | str = addresses if addresses.count(CELL_SEPARATOR) == len(emails) - 1 else emails
    return rows_packed, fingerprints, ids_packed, emails_packed


def unpack(packed: tuple[Any, ...]) -> tuple[list[list[str]] | list[str], list[int], list[str], list[str]]:
    """Undo pack(); rows given as text stay text, to be split only when needed."""
    rows, fingerprints, ids, emails = packed
    return (
        rows.split(ROW_SEPARATOR) if isinstance(rows, str) else rows,
        fingerprints,
        ids.split(CELL_SEPARATOR) if isinstance(ids, str) else ids,
        emails.split(CELL_SEPARATOR) if isinstance(emails, str) else emails,
    )


def _report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    """Read the CSV file described by the JSON in argv[1]; write batches to the spool file descriptor.

    For each batch, print "batch OFFSET LENGTH"; at the end print "done", or
    "error" followed by a JSON list saying what went wrong.
    """
    settings = json.loads(sys.argv[1])
    row_batches = RowBatches.from_settings(settings)
    spool = int(settings["spool"])
    offset = 0
    with open(settings["path"], encoding=settings["encoding"], errors="strict", newline="") as handle:  # noqa: PTH123
        handle.readline()  # the header line, read by the importing process
        reader = csv.reader(handle, delimiter=settings["delimiter"])
        try:
            for prepared in row_batches.prepared(reader):
                data = pickle.dumps(pack(prepared, row_batches.columns), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(data)
                written = 0
                while written < len(data):
                    written += os.pwrite(spool, view[written:], offset + written)
                _report(f"batch {offset} {len(data)}")
                offset += len(data)
        except csv.Error as error:
            _report("error " + json.dumps(["csv", reader.line_num, str(error)]))
            return
        except UnicodeDecodeError:
            _report("error " + json.dumps(["encoding"]))
            return
    _report("done")


if __name__ == "__main__":
    main()
