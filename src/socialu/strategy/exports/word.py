"""The strategy document as DOCX (python-docx): real headings, real tables, Markdown as paragraphs and lists.

Markdown is converted from markdown-it's token stream, never by pattern matching on the text.
"""

from __future__ import annotations

import io
from functools import lru_cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from socialu.strategy import outline
from socialu.strategy.selectors import DocumentView

MONOSPACE = "DejaVu Sans Mono"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The same dialect as socialu.core.markdown: CommonMark with tables and strikethrough, no raw HTML.
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["table", "strikethrough"])


def _add_inline(paragraph: Paragraph, children: list[Token] | None, *, bold: bool = False) -> None:
    """Add the inline tokens (text, emphasis, code, links, breaks) to *paragraph* as runs."""
    strong = emphasis = strike = False
    href = ""
    for token in children or []:
        kind = token.type
        if kind == "strong_open":
            strong = True
        elif kind == "strong_close":
            strong = False
        elif kind == "em_open":
            emphasis = True
        elif kind == "em_close":
            emphasis = False
        elif kind == "s_open":
            strike = True
        elif kind == "s_close":
            strike = False
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
        elif kind == "link_close":
            if href:
                paragraph.add_run(f" ({href})")
            href = ""
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in {"text", "code_inline", "html_inline"}:
            run = paragraph.add_run(token.content)
            run.bold = strong or bold or None
            run.italic = emphasis or None
            run.font.strike = strike or None
            if href:
                run.underline = True
            if kind == "code_inline":
                run.font.name = MONOSPACE
        elif kind == "image":
            paragraph.add_run(f"[{token.content or 'image'}]")


def _list_style(stack: list[str]) -> str:
    depth = min(len(stack), 3)
    base = "List Bullet" if stack[-1] == "bullet" else "List Number"
    return base if depth == 1 else f"{base} {depth}"


def _table(document: DocxDocument, tokens: list[Token], start: int) -> int:
    """Add the Markdown table that opens at *start*; return the index after it."""
    rows: list[tuple[bool, list[Token]]] = []
    current: list[Token] = []
    header = False
    index = start
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            header = True
        elif token.type == "tbody_open":
            header = False
        elif token.type == "tr_open":
            current = []
        elif token.type == "inline":
            current.append(token)
        elif token.type == "tr_close":
            rows.append((header, current))
        index += 1
    columns = max((len(cells) for _, cells in rows), default=0)
    if columns:
        table = document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for r, (is_header, cells) in enumerate(rows):
            for c, cell in enumerate(cells):
                _add_inline(table.cell(r, c).paragraphs[0], cell.children, bold=is_header)
    return index + 1


def add_markdown(document: DocxDocument, text: str, *, heading_offset: int = 1) -> None:
    """Append Markdown *text* to *document*: headings, paragraphs, lists, quotes, code and tables."""
    tokens = _parser().parse(text or "")
    lists: list[str] = []
    quote = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            level = min(int(token.tag[1:]) + heading_offset, 6)
            _add_inline(document.add_heading("", level=level), tokens[index + 1].children)
            index += 3
            continue
        if kind == "paragraph_open":
            style = _list_style(lists) if lists else ("Quote" if quote else None)
            paragraph = document.add_paragraph(style=style)
            _add_inline(paragraph, tokens[index + 1].children)
            index += 3
            continue
        if kind == "table_open":
            index = _table(document, tokens, index)
            continue
        if kind in {"bullet_list_open", "ordered_list_open"}:
            lists.append("bullet" if kind == "bullet_list_open" else "ordered")
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in {"fence", "code_block"}:
            run = document.add_paragraph(style="No Spacing").add_run(token.content.rstrip("\n"))
            run.font.name = MONOSPACE
            run.font.size = Pt(9)
        index += 1


def _add_table(document: DocxDocument, table: outline.Table) -> None:
    rows = list(table.rows) + ([table.total] if table.total else [])
    grid = document.add_table(rows=len(rows) + 1, cols=len(table.headers))
    grid.style = "Table Grid"
    for c, header in enumerate(table.headers):
        grid.cell(0, c).paragraphs[0].add_run(header).bold = True
    for r, row in enumerate(rows, start=1):
        is_total = table.total is not None and r == len(rows)
        for c, value in enumerate(row):
            paragraph = grid.cell(r, c).paragraphs[0]
            run = paragraph.add_run(value)
            run.bold = is_total or None
            if c > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _footer(document: DocxDocument, text: str) -> None:
    """Put *text* and the page number (a field the office suite fills in) in every page's footer."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{text} · page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "1"
    run.append(number)
    field.append(run)
    paragraph._p.append(field)


def export_docx(view: DocumentView) -> bytes:
    """Return the document as DOCX bytes."""
    document = Document()
    document.core_properties.title = view.document.title
    document.core_properties.author = view.organisation_name
    _footer(document, f"{view.document.title}, version {view.version.number}")
    document.add_heading(view.document.title, level=0)
    document.add_paragraph(
        f"{view.organisation_name} · version {view.version.number} · {view.version.saved_at:%d %B %Y}",
        style="Subtitle",
    )
    for block in outline.blocks(view):
        document.add_heading(f"{block.number}. {block.title}", level=1)
        add_markdown(document, block.body_markdown)
        if block.resourcing:
            document.add_heading(outline.RESOURCING_TITLE, level=2)
            _add_table(document, outline.resourcing_table(view.estimate))
            document.add_paragraph(outline.assumptions_text(view.estimate))
            document.add_paragraph(f"How it is worked out: {view.estimate.formula}")
        if block.kpis:
            document.add_heading(outline.KPIS_TITLE, level=2)
            _add_table(document, outline.kpi_table(view.kpis))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
