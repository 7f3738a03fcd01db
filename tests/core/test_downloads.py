"""The one download helper: content type from the name, attachment header, CSV byte order mark, flat memory."""

from __future__ import annotations

from typing import BinaryIO

import pytest
from django.http import FileResponse, StreamingHttpResponse

from socialu.core.downloads import XLSX, content_type_for, download, download_lines, download_written


def test_text_csv_gets_the_byte_order_mark_excel_needs_and_an_attachment_header() -> None:
    response = download("name,email\r\nAnn,ann@example.com\r\n", filename="people.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response.content.decode("utf-8").startswith("\ufeffname,email")


def test_a_name_with_quotes_and_accents_is_encoded_safely() -> None:
    response = download(b"%PDF-1.7", filename='Zoë "Z" Åkesson.pdf')

    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''Zo%C3%AB%20%22Z%22%20%C3%85kesson.pdf" in response["Content-Disposition"]


def test_lines_are_streamed() -> None:
    response = download_lines(iter(["a\r\n", "b\r\n"]), filename="log.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert b"".join(response.streaming_content) == b"a\r\nb\r\n"


def test_a_written_workbook_is_sent_from_a_temporary_file() -> None:
    def write(output: BinaryIO) -> None:
        output.write(b"PK\x03\x04 workbook")

    response = download_written(write, filename="coverage.xlsx")

    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == XLSX
    assert b"".join(response.streaming_content) == b"PK\x03\x04 workbook"
    response.file_to_stream.close()  # not response.close(): that signals the end of a request


def test_a_writer_that_fails_leaves_nothing_open() -> None:
    def write(output: BinaryIO) -> None:
        raise RuntimeError("the export failed")

    with pytest.raises(RuntimeError, match="the export failed"):
        download_written(write, filename="coverage.xlsx")


def test_an_unknown_kind_of_file_is_refused() -> None:
    assert content_type_for("plan.DOCX").endswith("wordprocessingml.document")
    with pytest.raises(ValueError, match=r"\.exe"):
        content_type_for("tool.exe")
