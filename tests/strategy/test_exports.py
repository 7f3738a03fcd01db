"""Exports opened with real parsers: pypdf for the PDF, python-docx for the DOCX, and the Markdown text."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from socialu.strategy import exports, selectors
from socialu.strategy.facts import SECTION_TITLES
from socialu.strategy.models import StrategyDocument
from socialu.strategy.resourcing import money
from socialu.strategy.selectors import DocumentView


@pytest.fixture
def view(document: StrategyDocument) -> DocumentView:
    result = selectors.document_view(document=document)
    assert result is not None
    return result


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_has_a_title_page_contents_every_section_and_the_total_cost(view: DocumentView) -> None:
    reader = pypdf.PdfReader(io.BytesIO(exports.export_pdf(view)))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)

    assert "Social media strategy from “Spring readiness check”" in pages[0]
    assert "ACME LTD" in pages[0]
    assert "Contents" in pages[1]
    for number, title in enumerate(SECTION_TITLES.values(), start=1):
        assert f"{number}. {title}" in text
    assert money(view.estimate.cost, "EUR") in text
    assert "Resourcing estimate" in text and "Measures" in text
    assert "Readiness index" in text
    assert f"Page 3 of {len(reader.pages)}" in text


def test_the_docx_has_headings_and_real_tables_with_the_figures(view: DocumentView) -> None:
    document = docx.Document(io.BytesIO(exports.export_docx(view)))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [f"{n}. {title}" for n, title in enumerate(SECTION_TITLES.values(), start=1)]

    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    total = next(row for row in cells if row[0] == "Total")
    assert total[1] == "104" and total[-1] == money(view.estimate.cost, "EUR")
    assert ["Measure", "Baseline", "Target", "Review"] in cells
    assert any(row[0] == "Readiness index" for row in cells)
    assert any(row[0] == "Programme admin" for row in cells)  # the roles table written in Markdown

    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert any(text.startswith("Train and certify 10% of each audience") for text in bullets)
    numbered = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert any("pre-flight checker" in text for text in numbered)
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "Tone." in bold
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith(f"{view.document.title}, version 1 · page")
    assert 'w:instr="PAGE"' in footer._p.xml


def test_the_markdown_has_every_section_and_both_tables(view: DocumentView) -> None:
    text = exports.export_markdown(view)
    assert text.startswith("# Social media strategy from “Spring readiness check”")
    for number, title in enumerate(SECTION_TITLES.values(), start=1):
        assert f"\n## {number}. {title}\n" in text
    assert "| Total | 104 | 12 |" in text
    assert "| Measure | Baseline | Target | Review |" in text


def test_export_file_names_carry_the_title_and_version(view: DocumentView) -> None:
    assert exports.export_filename(view, "pdf") == "social-media-strategy-from-spring-readiness-check-v1.pdf"
