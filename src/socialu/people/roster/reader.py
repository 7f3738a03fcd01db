"""Read roster files: CSV in any common encoding and delimiter, or XLSX, streamed."""

from __future__ import annotations

import codecs
import csv
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from socialu.people.roster.results import RosterImportError

ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_MB = 1024 * 1024
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvSource:
    """How to read a CSV roster's data rows again: after the header line, with this encoding and delimiter."""

    path: Path
    encoding: str
    delimiter: str


@dataclass
class RosterFile:
    """An open roster file: its headers, its data rows and an estimate of their number."""

    headers: list[str]
    rows: Iterator[list[str]]
    estimated_rows: int
    # For a CSV file, how another process may read the same rows.
    source: CsvSource | None = None


def check_size(path: Path) -> None:
    """Raise RosterImportError when the file is bigger than the upload limit."""
    limit = int(settings.SOCIALU_MAX_UPLOAD_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise RosterImportError(
            f"The file is {round(size / _MB)} MB; the limit is {round(limit / _MB)} MB. "
            "Split the file or ask your administrator to raise SOCIALU_MAX_UPLOAD_MB."
        )


def _is_xlsx(path: Path, filename: str | None) -> bool:
    with path.open("rb") as handle:
        magic = handle.read(4)
    name = (filename or path.name).lower()
    if magic == ZIP_MAGIC:
        if name.endswith(".xls"):
            raise RosterImportError("This looks like an old .xls workbook. Save it as .xlsx or CSV and try again.")
        return True
    if name.endswith((".xlsx", ".xlsm")):
        raise RosterImportError("The file is named .xlsx but is not an Excel workbook. Save it again as .xlsx or CSV.")
    if name.endswith(".xls") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterImportError("Old .xls workbooks are not supported. Save the sheet as .xlsx or CSV and try again.")
    return False


def detect_encoding(path: Path) -> str:
    """Return the text encoding of a CSV file: BOM first, then strict UTF-8, then a guess."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    return _guess_legacy_encoding(path)


def _guess_legacy_encoding(path: Path) -> str:
    from charset_normalizer import from_path

    best = from_path(path, steps=10, chunk_size=4096).best()
    guess = str(best.encoding) if best is not None else ""
    # Single-byte Western files are read as cp1252, which agrees with Latin-1 on letters.
    if not guess or guess.lower().replace("-", "_") in {"latin_1", "iso8859_1", "ascii"}:
        guess = "cp1252"
    try:
        with path.open("r", encoding=guess, errors="strict", newline="") as handle:
            while handle.read(_CHUNK):
                pass
    except (UnicodeDecodeError, LookupError):
        return "latin-1"
    return guess


def _estimate_lines(path: Path) -> int:
    """Estimate the number of data rows from the file size and the length of its first lines."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        sample = handle.read(_CHUNK)
    newlines = sample.count(b"\n")
    if len(sample) == size or not newlines:
        return max(newlines - 1, 1)
    return max(round(size / (len(sample) / newlines)) - 1, 1)


def _pick_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _clean_headers(raw: list[Any]) -> list[str]:
    headers = [cell_text(value).strip() for value in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise RosterImportError("The first row of the file is empty. Put the column headers in the first row.")
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise RosterImportError(
                f"The column {header!r} appears twice in the header row. Rename or remove one of them."
            )
        seen.add(header)
    return headers


def cell_text(value: Any) -> str:
    """Return a spreadsheet cell's value as the text a person sees."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


@contextmanager
def open_roster(*, path: Path, filename: str | None = None) -> Iterator[RosterFile]:
    """Open a roster file and yield its headers and a stream of rows as lists of strings."""
    if not path.is_file():
        raise RosterImportError(f"The file {filename or path.name} could not be found. Upload it again.")
    check_size(path)
    if path.stat().st_size == 0:
        raise RosterImportError("The file is empty. Export the roster again with a header row and data rows.")
    if _is_xlsx(path, filename):
        with _open_xlsx(path) as roster:
            yield roster
    else:
        with _open_csv(path) as roster:
            yield roster


@contextmanager
def _open_csv(path: Path) -> Iterator[RosterFile]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
        header_line = handle.readline()
        if not header_line.strip():
            raise RosterImportError("The first line of the file is empty. Put the column headers in the first line.")
        delimiter = _pick_delimiter(header_line)
        headers = _clean_headers(next(csv.reader([header_line], delimiter=delimiter)))
        reader = csv.reader(handle, delimiter=delimiter)
        yield RosterFile(
            headers=headers,
            rows=_csv_rows(reader),
            estimated_rows=_estimate_lines(path),
            source=CsvSource(path=path, encoding=encoding, delimiter=delimiter),
        )


def csv_error(line: object, problem: object) -> RosterImportError:
    """Return the error for a CSV file that cannot be parsed near *line*."""
    return RosterImportError(
        f"The file could not be read as CSV near line {line}: {problem}. "
        "Check for an unclosed quotation mark, or export the file again."
    )


def encoding_error() -> RosterImportError:
    """Return the error for a CSV file whose encoding changes part-way."""
    return RosterImportError("The file's text encoding changes part-way through. Save it again as UTF-8 CSV.")


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as error:
        raise csv_error(getattr(reader, "line_num", "?"), error) from error
    except UnicodeDecodeError as error:
        raise encoding_error() from error


@contextmanager
def _open_xlsx(path: Path) -> Iterator[RosterFile]:
    import zipfile

    from openpyxl import load_workbook

    # A file object, not a name: uploads are stored under names openpyxl would refuse.
    handle = path.open("rb")
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        handle.close()
        raise RosterImportError(
            "The workbook could not be opened. Save it again as .xlsx (Excel Workbook) or as CSV."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise RosterImportError("The first sheet of the workbook is empty. Put the roster on the first sheet.")
        headers = _clean_headers(list(first))
        estimated = max((sheet.max_row or 2) - 1, 1)
        yield RosterFile(headers=headers, rows=_xlsx_rows(rows), estimated_rows=estimated)
    finally:
        workbook.close()
        handle.close()


def _xlsx_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[str]]:
    text = cell_text
    for row in rows:
        yield [value if isinstance(value, str) else text(value) for value in row]


def read_headers(*, path: Path, filename: str | None = None) -> list[str]:
    """Return the headers of a roster file."""
    with open_roster(path=path, filename=filename) as roster:
        return roster.headers
