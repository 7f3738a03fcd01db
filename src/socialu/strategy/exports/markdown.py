"""The strategy document as one Markdown file, tables included."""

from __future__ import annotations

from socialu.strategy import outline
from socialu.strategy.selectors import DocumentView


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(table: outline.Table) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in table.headers) + " |",
        "|" + "|".join("---" for _ in table.headers) + "|",
    ]
    rows = list(table.rows) + ([table.total] if table.total else [])
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def export_markdown(view: DocumentView) -> str:
    """Return the sections as Markdown, with the resourcing and KPI tables where they belong."""
    saved = view.version.saved_at.date().isoformat()
    parts = [
        f"# {view.document.title}",
        "",
        f"{view.organisation_name} · version {view.version.number} · {saved}",
    ]
    for block in outline.blocks(view):
        parts += ["", f"## {block.number}. {block.title}"]
        if block.body_markdown:
            parts += ["", block.body_markdown.strip()]
        if block.resourcing:
            parts += [
                "",
                f"### {outline.RESOURCING_TITLE}",
                "",
                markdown_table(outline.resourcing_table(view.estimate)),
                "",
                outline.assumptions_text(view.estimate),
                "",
                f"How it is worked out: {view.estimate.formula}",
            ]
        if block.kpis:
            parts += ["", f"### {outline.KPIS_TITLE}", "", markdown_table(outline.kpi_table(view.kpis))]
    return "\n".join(parts) + "\n"
