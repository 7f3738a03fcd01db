"""The strategy document as a PDF a board would accept (WeasyPrint).

A title page, a contents page with page numbers, numbered sections, the
resourcing and KPI tables, and page numbers in the footer. The print style
sheet is read from a file next to this module, and fonts are the DejaVu family
installed with the system (no web fonts, nothing fetched).
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from socialu.core.documents import pdf_from_html
from socialu.core.markdown import render_markdown
from socialu.strategy import outline
from socialu.strategy.selectors import DocumentView

PRINT_CSS = Path(__file__).with_name("print.css")


def print_html(view: DocumentView) -> str:
    """Return the HTML the PDF is made from."""
    # render_markdown sanitises with nh3, so its output is safe to insert as HTML.
    blocks = [(block, mark_safe(render_markdown(block.body_markdown))) for block in outline.blocks(view)]  # noqa: S308
    context = {
        "view": view,
        "blocks": blocks,
        "resourcing": outline.resourcing_table(view.estimate),
        "chart": outline.hours_chart(view.estimate),
        "assumptions": outline.assumptions_text(view.estimate),
        "kpis": outline.kpi_table(view.kpis),
        "printed_on": timezone.localdate(),
    }
    return render_to_string("strategy/print/document.html", context)


def export_pdf(view: DocumentView) -> bytes:
    """Return the document as PDF bytes."""
    return pdf_from_html(print_html(view), base_folder=PRINT_CSS.parent, stylesheet=PRINT_CSS)
