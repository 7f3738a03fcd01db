"""One way to send a file to download: CSV, XLSX, PDF, DOCX, YAML; built in memory, streamed, or written to disk.

Views call one of these and return the response; none of them sets headers by hand:

* :func:`download` — bytes or text already made (a certificate PDF, a small CSV);
* :func:`download_lines` — an iterator of lines, streamed (a large CSV);
* :func:`download_written` — a writer that fills a temporary file, which keeps memory flat for a
  large workbook; the response closes (and so removes) the file.

The content type comes from the file name's extension, so a view cannot pair a name with the
wrong type.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any, BinaryIO, cast

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".yaml": "application/yaml; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    ".zip": "application/zip",
    ".ics": "text/calendar; charset=utf-8",
}
XLSX = CONTENT_TYPES[".xlsx"]
# Excel opens a UTF-8 CSV correctly only when the file starts with a byte order mark.
CSV_BOM = "\ufeff"


def content_type_for(filename: str) -> str:
    """Return the content type of *filename* by its extension; refuse one we do not send."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValueError(f"SocialU does not send {suffix or 'extensionless'} files; add the type to CONTENT_TYPES.")
    return CONTENT_TYPES[suffix]


def _attach(response: HttpResponse | StreamingHttpResponse | FileResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return cast(HttpResponse, response)


def download(content: bytes | str, *, filename: str) -> HttpResponse:
    """Return *content* as an attachment called *filename* (a CSV given as text gets the byte order mark)."""
    if isinstance(content, str) and filename.lower().endswith(".csv") and not content.startswith(CSV_BOM):
        content = CSV_BOM + content
    return _attach(HttpResponse(content, content_type=content_type_for(filename)), filename)


def download_lines(lines: Iterable[str] | Iterable[bytes], *, filename: str) -> HttpResponse:
    """Stream *lines* (already a CSV's rows, byte order mark first) as an attachment called *filename*."""
    return _attach(StreamingHttpResponse(lines, content_type=content_type_for(filename)), filename)


def download_written(write: Callable[[BinaryIO], Any], *, filename: str) -> HttpResponse:
    """Call ``write(output)`` on a temporary file, then send that file as *filename*; memory stays flat."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it, which removes it
    try:
        write(cast(BinaryIO, output))
    except BaseException:
        output.close()
        raise
    output.seek(0)
    response = FileResponse(output, as_attachment=True, filename=filename, content_type=content_type_for(filename))
    return cast(HttpResponse, response)
