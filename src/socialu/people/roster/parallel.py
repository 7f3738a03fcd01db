"""Read a large CSV roster in a second process while this one loads people, checks and writes.

The second process runs batches.py as a script: a fresh interpreter with the
standard library only, not a copy of this one, so it needs little memory. It
parses the CSV and computes each row's fingerprint, trimmed employee id and
lower-case email (see RowBatches.prepared), and writes each batch to a
temporary file, so that it can run ahead while this process loads people: a
pipe would hold only a few kilobytes. This process reads the batches back and
does everything that touches the database.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import IO, Any

from socialu.core.tabular import CsvSource, csv_error, encoding_error
from socialu.people.roster import batches as batches_module
from socialu.people.roster.batches import RowBatches, email_hashes, unpack
from socialu.people.roster.results import RosterImportError

PARALLEL_FROM_ROWS = 50000

# A batch as the scan consumes it: rows (as lists of cells, or as text joined by
# CELL_SEPARATOR, split only when the row needs checking), fingerprints, symbols and email hashes.
Batch = tuple[Sequence[list[str] | str], list[int], list[int], list[int]]


def can_read_in_parallel(*, source: CsvSource | None, estimated_rows: int) -> bool:
    """Return whether a second process should read this file.

    Only on POSIX systems, and only when this process runs a Python interpreter
    (under an application server, sys.executable may name the server instead).
    """
    return (
        source is not None
        and estimated_rows >= PARALLEL_FROM_ROWS
        and os.name == "posix"
        and Path(sys.executable or "-").name.lower().startswith("python")
    )


class ParallelReader:
    """Batches as RowBatches.batches yields them, read by a second process started at once.

    Call close() (contextlib.closing) so that the reading process ends even when
    the import stops part-way.
    """

    def __init__(self, row_batches: RowBatches, source: CsvSource, symbols: dict[str, int]) -> None:
        self.symbols = symbols
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        settings = {
            **row_batches.settings(),
            "path": str(source.path),
            "encoding": source.encoding,
            "delimiter": source.delimiter,
            "spool": self.spool.fileno(),
        }
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own script, with the running interpreter
                [sys.executable, "-I", str(Path(batches_module.__file__)), json.dumps(settings)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                pass_fds=(self.spool.fileno(),),
            )
        except OSError:
            self.spool.close()
            raise
        self.reports: IO[bytes] = self.process.stdout  # type: ignore[assignment]

    def __iter__(self) -> Iterator[Batch]:
        symbols = self.symbols
        spool = self.spool.fileno()
        while True:
            report = self.reports.readline().decode()
            kind, _, details = report.strip().partition(" ")
            if kind == "batch":
                offset, length = map(int, details.split())
                packed: Any = pickle.loads(os.pread(spool, length, offset))  # noqa: S301 - written by our own process
                rows, fingerprints, employee_ids, emails = unpack(packed)
                # Looked up only now: the symbols are those known when the batch is checked.
                yield rows, fingerprints, list(map(symbols.get, employee_ids, repeat(-1))), email_hashes(emails)
            elif kind == "done":
                return
            elif kind == "error":
                problem = json.loads(details)
                raise csv_error(problem[1], problem[2]) if problem[0] == "csv" else encoding_error()
            else:
                self.process.wait()
                raise RosterImportError(
                    f"The file could not be read (the reading process stopped with code {self.process.returncode}). "
                    "Try again, or export the file again."
                )

    def close(self) -> None:
        """Stop the reading process if it still runs and wait for it."""
        self.symbols = {}  # let the import release the people's table
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reports.close()
        self.spool.close()
