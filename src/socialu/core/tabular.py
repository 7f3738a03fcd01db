"""Read tabular files (CSV in any common encoding and delimiter, or XLSX), bounded and streamed.

Every import reads its file here: the roster, acknowledgements, the social
media account registry. The reader never trusts what a file declares about
itself. An XLSX workbook is checked as a ZIP archive before it is opened
(uncompressed size, compression ratio, a DTD or entity declaration in any XML
part), its declared sheet dimension is ignored, and rows, columns, cells and
cell length are capped while the sheet is parsed, before anything is
materialised. A CSV file's encoding is decided from its bytes: a BOM, strict
UTF-8, UTF-16 without a BOM, and only then a Western-European 8-bit code page,
saying when that guess is not certain. Every refusal is a
:class:`TabularFileError` (an ``InvalidInputError``) whose message tells a
person what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from socialu.core.errors import InvalidInputError

ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_MB = 1024 * 1024
_DELIMITERS = (",", ";", "\t")
# Bytes scanned at the start of each XML part of a workbook for a DTD: it must come before the root element.
_PROLOG_BYTES = 64 * 1024
_DTD_MARKERS = ("<!DOCTYPE", "<!ENTITY")
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15", "ascii", "utf_8", "windows_1252"})
_ENCODING_LABELS = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8 (with BOM)",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 LE",
    "utf_16_be": "UTF-16 BE",
    "cp1252": "Windows-1252 (Western European)",
    "latin_1": "ISO-8859-1 (Latin-1)",
}
_HIGH_BYTES = bytes(range(0x80, 0x100))
_VALID_MULTIBYTE_UTF8 = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
)


class TabularFileError(InvalidInputError):
    """A whole file that cannot be read; the message says why and what to do."""

    default_message = "The file could not be read."


@dataclass(frozen=True)
class Limits:
    """What one file may cost; each can be set in the settings (``SOCIALU_TABULAR_*``)."""

    max_rows: int = 1_048_576
    max_columns: int = 1_024
    max_cells: int = 40_000_000
    max_cell_length: int = 32_767
    max_uncompressed_bytes: int = 2_000 * _MB
    max_compression_ratio: int = 200

    @classmethod
    def from_settings(cls) -> Limits:
        """Return the limits, each overridden by the setting of the same name when present."""
        defaults = cls()
        return cls(
            **{
                name: int(getattr(settings, f"SOCIALU_TABULAR_{name.upper()}", getattr(defaults, name)))
                for name in defaults.__dataclass_fields__
            }
        )


@dataclass(frozen=True)
class EncodingChoice:
    """The text encoding a CSV file is read with, and whether the bytes made it certain."""

    encoding: str
    certain: bool
    note: str = ""

    @property
    def label(self) -> str:
        """Return the encoding's name as a person knows it."""
        return encoding_label(self.encoding)


@dataclass(frozen=True)
class CsvSource:
    """How to read a CSV file's data rows again: after the header line, with this encoding and delimiter."""

    path: Path
    encoding: str
    delimiter: str


@dataclass
class Table:
    """An open tabular file: its headers, a stream of its data rows and an estimate of their number."""

    headers: list[str]
    rows: Iterator[list[str]]
    estimated_rows: int
    # For a CSV file, how another process may read the same rows, and the encoding chosen.
    source: CsvSource | None = None
    encoding: EncodingChoice | None = None


def encoding_label(encoding: str) -> str:
    """Return a readable name for a Python codec name ("cp1252" -> "Windows-1252 (Western European)")."""
    try:
        name = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return encoding
    return _ENCODING_LABELS.get(name, name.replace("_", "-").upper())


def check_size(path: Path) -> None:
    """Raise TabularFileError when the file is bigger than the upload limit."""
    limit = int(settings.SOCIALU_MAX_UPLOAD_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise TabularFileError(
            f"The file is {round(size / _MB)} MB; the limit is {round(limit / _MB)} MB. "
            "Split the file or ask your administrator to raise SOCIALU_MAX_UPLOAD_MB."
        )


def is_xlsx(path: Path, filename: str | None = None) -> bool:
    """Return whether the file is an XLSX workbook (by its content), refusing old .xls files."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    name = (filename or path.name).lower()
    if magic == ZIP_MAGIC:
        if name.endswith(".xls"):
            raise TabularFileError("This looks like an old .xls workbook. Save it as .xlsx or CSV and try again.")
        return True
    if name.endswith((".xlsx", ".xlsm")):
        raise TabularFileError("The file is named .xlsx but is not an Excel workbook. Save it again as .xlsx or CSV.")
    if name.endswith(".xls") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise TabularFileError("Old .xls workbooks are not supported. Save the sheet as .xlsx or CSV and try again.")
    return False


# --- Encodings ---------------------------------------------------------------------------------


def detect_encoding(path: Path, *, declared: str | None = None) -> EncodingChoice:
    """Return the encoding of a CSV file.

    A *declared* encoding is checked against every byte. Otherwise: a BOM, then
    strict UTF-8 (a file that is UTF-8 but for a few bad bytes is refused with
    the line of the first one, never read as another code page), then UTF-16
    without a BOM, then Windows-1252 / ISO-8859-1 for 8-bit files, marked
    uncertain when a detector suggests another code page.
    """
    if declared:
        return _checked_declared(path, declared)
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        return EncodingChoice("utf-8-sig", certain=True)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingChoice("utf-16", certain=True)
    bad_offset = _first_invalid_utf8(path)
    if bad_offset is None:
        return EncodingChoice("utf-8", certain=True)
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return EncodingChoice(utf16, certain=True)
    if _looks_like_utf8(path):
        line = _line_of_offset(path, bad_offset)
        raise TabularFileError(
            f"Line {line} holds bytes that are not valid UTF-8, although the rest of the file is UTF-8. "
            "Nothing was read as another encoding, so no name is changed. Correct that line in the source "
            "system (or save the file again as UTF-8), or choose the file's encoding explicitly.",
            errors={"encoding": [f"Line {line} is not valid UTF-8."]},
        )
    return _western_guess(path)


def _checked_declared(path: Path, declared: str) -> EncodingChoice:
    try:
        encoding = codecs.lookup(declared.strip()).name
    except LookupError:
        raise TabularFileError(
            f"“{declared}” is not an encoding SocialU knows. Use a name such as utf-8, utf-16, "
            "windows-1252 or iso-8859-1.",
            errors={"encoding": [f"Unknown encoding “{declared}”."]},
        ) from None
    if encoding == "utf-8":
        with path.open("rb") as handle:
            if handle.read(3) == codecs.BOM_UTF8:
                encoding = "utf-8-sig"
    offset = _first_invalid(path, encoding)
    if offset is not None:
        where = "part of the file" if "16" in encoding else f"line {_line_of_offset(path, offset)}"
        raise TabularFileError(
            f"The file is not valid {encoding_label(encoding)}: {where} cannot be read that way. "
            "Choose another encoding, or leave it empty to let SocialU detect it.",
            errors={"encoding": [f"The file is not {encoding_label(encoding)}."]},
        )
    return EncodingChoice(encoding, certain=True, note=f"Read as {encoding_label(encoding)}, as chosen.")


def _first_invalid(path: Path, encoding: str) -> int | None:
    """Return the byte offset of the first byte *encoding* cannot decode, or None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            # The decoder holds back the first bytes of a character split between chunks.
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return max(offset - len(pending) + error.start, 0)
            if not chunk:
                return None
            offset += len(chunk)


def _first_invalid_utf8(path: Path) -> int | None:
    return _first_invalid(path, "utf-8")


def _utf16_without_bom(head: bytes) -> str | None:
    """Return utf-16-le/be when every other byte of a text sample is NUL, else None."""
    sample = head[: 4096 - (min(len(head), 4096) % 2)]
    if len(sample) < 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _looks_like_utf8(path: Path) -> bool:
    """Return whether the non-ASCII bytes are mostly valid UTF-8 sequences (a UTF-8 file with bad bytes)."""
    valid = invalid = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            valid_bytes = 0
            for match in _VALID_MULTIBYTE_UTF8.finditer(chunk):
                valid += 1
                valid_bytes += len(match.group())
            high = len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
            invalid += high - valid_bytes
    return valid > 0 and invalid <= valid


def _line_of_offset(path: Path, offset: int) -> int:
    """Return the 1-based line number holding the byte at *offset*."""
    newlines = 0
    remaining = offset
    with path.open("rb") as handle:
        while remaining > 0 and (chunk := handle.read(min(_CHUNK, remaining))):
            newlines += chunk.count(b"\n")
            remaining -= len(chunk)
    return newlines + 1


def _western_guess(path: Path) -> EncodingChoice:
    """Return Windows-1252 (or ISO-8859-1 where cp1252 cannot decode), saying whether that is certain.

    Statistical detectors often call Western-European names Central-European
    ("Zoë Åkesson" becomes "Zoë Ĺkesson"), so they do not decide: the Western
    reading is kept when its text looks like names in Western languages
    (accented letters among plain ones, no stray symbols inside words), and
    only otherwise is the file reported as undecided, naming the detector's
    alternative.
    """
    encoding = "cp1252" if _first_invalid(path, "cp1252") is None else "latin-1"
    with path.open("rb") as handle:
        sample = handle.read(_CHUNK).decode(encoding, errors="replace")
    if _looks_western(sample):
        return EncodingChoice(
            encoding, certain=True, note=f"Read as {encoding_label(encoding)} (8-bit, Western European)."
        )
    other = _detector_guess(path)
    alternative = (
        f"could also be {encoding_label(other)}" if other and other not in _WESTERN else "could be another code page"
    )
    return EncodingChoice(
        encoding,
        certain=False,
        note=(
            f"The encoding could not be decided: the file is not UTF-8, and it reads as "
            f"{encoding_label(encoding)} but {alternative}. It was read as {encoding_label(encoding)}. "
            "Check the sample names; if they look wrong, choose the encoding and run the dry run again."
        ),
    )


_WESTERN_PUNCTUATION = frozenset("\u00a0“”‘’‚„€–—…•·«»°£¥§©®±×÷¿¡ªº¹²³")
_WORD = re.compile(r"[^\W\d_]+")


def _looks_western(text: str) -> bool:
    """Return whether 8-bit text decoded as Western European reads like Western-European words."""
    accented = letters = 0
    for character in text:
        if ord(character) >= 0x80 and not character.isalpha() and character not in _WESTERN_PUNCTUATION:
            return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        letters += len(word)
        accented += sum(1 for character in word if ord(character) >= 0x80)
    return not letters or accented / letters <= 0.5


def _detector_guess(path: Path) -> str | None:
    from charset_normalizer import from_path

    best = from_path(path, steps=10, chunk_size=4096).best()
    if best is None:
        return None
    try:
        return codecs.lookup(str(best.encoding)).name.replace("-", "_")
    except LookupError:
        return None


# --- Opening a file ----------------------------------------------------------------------------


@contextmanager
def open_table(
    *, path: Path, filename: str | None = None, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Table]:
    """Open a CSV or XLSX file and yield its headers and a stream of rows as lists of strings."""
    if not path.is_file():
        raise TabularFileError(f"The file {filename or path.name} could not be found. Upload it again.")
    check_size(path)
    if path.stat().st_size == 0:
        raise TabularFileError("The file is empty. Export it again with a header row and data rows.")
    limits = limits or Limits.from_settings()
    if is_xlsx(path, filename):
        with _open_xlsx(path, limits) as table:
            yield table
    else:
        with _open_csv(path, encoding, limits) as table:
            yield table


def read_records(source: Path | bytes, *, filename: str, encoding: str | None = None) -> list[dict[str, str]]:
    """Return every data row of a small CSV/XLSX file as header -> cell; blank rows are skipped."""
    if isinstance(source, bytes):
        with tempfile.NamedTemporaryFile(suffix=Path(filename).suffix) as spooled:
            spooled.write(source)
            spooled.flush()
            return read_records(Path(spooled.name), filename=filename, encoding=encoding)
    with open_table(path=source, filename=filename, encoding=encoding) as table:
        width = len(table.headers)
        return [
            dict(zip(table.headers, [*row[:width], *[""] * (width - len(row))], strict=True))
            for row in table.rows
            if any(cell.strip() for cell in row)
        ]


def records_csv_text(records: list[dict[str, str]]) -> str:
    """Return *records* (as read_records returns them) as CSV text, to carry a checked upload to its next step."""
    import io

    buffer = io.StringIO()
    headers = list(records[0]) if records else []
    writer = csv.DictWriter(buffer, fieldnames=headers)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def clean_headers(raw: list[Any], limits: Limits | None = None) -> list[str]:
    """Return the header row as text, refusing an empty row, too many columns and repeated names."""
    headers = [cell_text(value).strip() for value in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise TabularFileError("The first row of the file is empty. Put the column headers in the first row.")
    limits = limits or Limits.from_settings()
    if len(headers) > limits.max_columns:
        raise TabularFileError(
            f"The header row has {len(headers)} columns; at most {limits.max_columns} are read. "
            "Remove the columns the import does not need and try again."
        )
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise TabularFileError(
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


def csv_error(line: object, problem: object) -> TabularFileError:
    """Return the error for a CSV file that cannot be parsed near *line*."""
    return TabularFileError(
        f"The file could not be read as CSV near line {line}: {problem}. "
        "Check for an unclosed quotation mark, or export the file again."
    )


def encoding_error() -> TabularFileError:
    """Return the error for a CSV file whose encoding changes part-way."""
    return TabularFileError("The file's text encoding changes part-way through. Save it again as UTF-8 CSV.")


# --- CSV ---------------------------------------------------------------------------------------


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


@contextmanager
def _open_csv(path: Path, declared: str | None, limits: Limits) -> Iterator[Table]:
    choice = detect_encoding(path, declared=declared)
    with path.open("r", encoding=choice.encoding, errors="strict", newline="") as handle:
        header_line = handle.readline()
        if not header_line.strip():
            raise TabularFileError("The first line of the file is empty. Put the column headers in the first line.")
        delimiter = _pick_delimiter(header_line)
        headers = clean_headers(next(csv.reader([header_line], delimiter=delimiter)), limits)
        reader = csv.reader(handle, delimiter=delimiter)
        yield Table(
            headers=headers,
            rows=_csv_rows(reader),
            estimated_rows=_estimate_lines(path),
            source=CsvSource(path=path, encoding=choice.encoding, delimiter=delimiter),
            encoding=choice,
        )


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    # Cells are bounded by the csv module's field size limit and rows by the upload size limit.
    try:
        yield from reader
    except csv.Error as error:
        raise csv_error(getattr(reader, "line_num", "?"), error) from error
    except UnicodeDecodeError as error:
        raise encoding_error() from error


# --- XLSX --------------------------------------------------------------------------------------


def check_workbook_archive(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts would cost too much to unpack, or that declares a DTD.

    Only the ZIP directory is read for sizes, and only the first bytes of each
    XML part for a DTD, so a zip bomb costs nothing.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _unopenable() from error
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > limits.max_uncompressed_bytes:
            raise TabularFileError(
                f"The workbook unpacks to {round(total / _MB)} MB; at most "
                f"{round(limits.max_uncompressed_bytes / _MB)} MB are read. Save the sheet as CSV, or split it."
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _MB and ratio > limits.max_compression_ratio:
                raise TabularFileError(
                    f"The workbook part {member.filename} unpacks to {round(member.file_size / _MB)} MB from "
                    f"{max(round(member.compress_size / 1024), 1)} KB, which no real spreadsheet does. "
                    "Open the file in a spreadsheet program, save it again as .xlsx or CSV, and upload that."
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as part:
                    _refuse_dtd(part.read(_PROLOG_BYTES), member.filename)


def _refuse_dtd(prolog: bytes, part: str) -> None:
    if prolog.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in prolog[:8]:
        text = prolog.decode("utf-16", errors="ignore")
    else:
        text = prolog.decode("utf-8", errors="ignore")
    if any(marker in text for marker in _DTD_MARKERS):
        raise TabularFileError(
            f"The workbook contains a document type declaration (DTD) in {part}, which spreadsheet programs "
            "never write and which can make a file read other files. It was not opened. Save the sheet again "
            "from Excel or LibreOffice as .xlsx or CSV."
        )


def _unopenable() -> TabularFileError:
    return TabularFileError("The workbook could not be opened. Save it again as .xlsx (Excel Workbook) or as CSV.")


@contextmanager
def _open_xlsx(path: Path, limits: Limits) -> Iterator[Table]:
    from openpyxl import load_workbook

    check_workbook_archive(path, limits)
    # A file object, not a name: uploads are stored under names openpyxl would refuse.
    handle = path.open("rb")
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as error:
        handle.close()
        raise _unopenable() from error
    try:
        if not workbook.worksheets:
            raise TabularFileError("The workbook has no sheet. Put the data on the first sheet.")
        sheet: Any = workbook.worksheets[0]
        declared_rows = sheet.max_row or 2
        # The declared dimension may be stale or absurd: read the rows that are really there.
        sheet.reset_dimensions()
        rows = _sheet_rows(workbook, sheet, limits)
        first = next(rows, None)
        if first is None:
            raise TabularFileError("The first sheet of the workbook is empty. Put the data on the first sheet.")
        headers = clean_headers(first, limits)
        estimated = max(min(declared_rows, limits.max_rows) - 1, 1)
        yield Table(headers=headers, rows=rows, estimated_rows=estimated)
    finally:
        workbook.close()
        handle.close()


def _sheet_rows(workbook: Any, sheet: Any, limits: Limits) -> Iterator[list[str]]:
    """Yield the sheet's rows as text, capped before any row is padded out to its last cell.

    openpyxl's own row iterator pads every row to the declared width, or to
    its last cell, before we could look at it; so the parser's cells are read
    here directly (with their column numbers) and checked first.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    text = cell_text
    expected = 1
    cells_read = 0
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            workbook.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        try:
            for number, cells in parser.parse():
                filled = [cell for cell in cells if cell["value"] is not None and cell["value"] != ""]
                if not filled:
                    continue
                if number > limits.max_rows:
                    raise TabularFileError(
                        f"The sheet has data in row {number}; at most {limits.max_rows} rows are read. "
                        "Split the file, or delete the rows below the data and save it again."
                    )
                last = filled[-1]["column"]
                if last > limits.max_columns:
                    raise TabularFileError(
                        f"Row {number} has a value in column {last}; at most {limits.max_columns} columns are "
                        "read. Delete the stray cells to the right of the data and save the file again."
                    )
                cells_read += len(filled)
                if cells_read > limits.max_cells:
                    raise TabularFileError(
                        f"The sheet holds more than {limits.max_cells} cells. Split the file and import each part."
                    )
                # Rows the file leaves out are blank rows: yield them so that line numbers match the sheet.
                for _ in range(expected, number):
                    yield []
                expected = number + 1
                row = [""] * last
                for cell in filled:
                    value = cell["value"]
                    value = value if isinstance(value, str) else text(value)
                    if len(value) > limits.max_cell_length:
                        raise TabularFileError(
                            f"Row {number}, column {cell['column']} holds {len(value)} characters; at most "
                            f"{limits.max_cell_length} are read. Shorten that cell and try again."
                        )
                    row[cell["column"] - 1] = value
                yield row
        except (SyntaxError, ValueError, KeyError) as error:
            raise _unopenable() from error
