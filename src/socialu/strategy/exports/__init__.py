"""Exports of a strategy document: PDF for the board, DOCX to edit in an office suite, Markdown for anyone."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from socialu.strategy.exports.markdown import export_markdown
from socialu.strategy.exports.pdf import export_pdf
from socialu.strategy.exports.word import export_docx
from socialu.strategy.selectors import DocumentView


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    content_type: str
    label: str


FORMATS: dict[str, ExportFormat] = {
    "pdf": ExportFormat("pdf", "application/pdf", "PDF"),
    "docx": ExportFormat(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    ),
    "md": ExportFormat("md", "text/markdown; charset=utf-8", "Markdown"),
}


def export_bytes(view: DocumentView, format_name: str) -> bytes:
    """Return the document in *format_name* (pdf, docx or md); raise KeyError for any other."""
    if format_name == "pdf":
        return export_pdf(view)
    if format_name == "docx":
        return export_docx(view)
    if format_name == "md":
        return export_markdown(view).encode("utf-8")
    raise KeyError(format_name)


def export_filename(view: DocumentView, format_name: str) -> str:
    stem = slugify(view.document.title)[:80] or "strategy"
    return f"{stem}-v{view.version.number}.{FORMATS[format_name].extension}"


__all__ = ["FORMATS", "ExportFormat", "export_bytes", "export_docx", "export_filename", "export_markdown", "export_pdf"]
