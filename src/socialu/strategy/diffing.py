"""Compare two versions of a strategy document, section by section (pure Python, difflib)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KPI_KEY = "kpis"
KPI_TITLE = "Measures (KPIs)"


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed" or "gap" (unchanged lines left out)
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    status: str  # "unchanged", "changed", "added" or "removed"
    lines: tuple[DiffLine, ...]

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == "removed")


def _lines(text: str) -> list[str]:
    return text.splitlines()


def diff_lines(before: str, after: str) -> tuple[DiffLine, ...]:
    """Return every line of *before* and *after*, each marked as kept, added or removed."""
    lines: list[DiffLine] = []
    old, new = _lines(before), _lines(after)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines.extend(DiffLine("same", text) for text in old[i1:i2])
            continue
        lines.extend(DiffLine("removed", text) for text in old[i1:i2])
        lines.extend(DiffLine("added", text) for text in new[j1:j2])
    return tuple(lines)


def with_context(lines: tuple[DiffLine, ...], context: int = 1) -> tuple[DiffLine, ...]:
    """Keep the changed lines and *context* unchanged lines around each; mark what is left out with a gap."""
    changed = [i for i, line in enumerate(lines) if line.kind != "same"]
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    result: list[DiffLine] = []
    for i, line in enumerate(lines):
        if i in keep:
            result.append(line)
        elif not result or result[-1].kind != "gap":
            result.append(DiffLine("gap", "…"))
    return tuple(result)


def kpi_text(kpis: Sequence[Mapping[str, Any]]) -> str:
    """Return the KPIs one per line, so that they can be compared like a section."""
    return "\n".join(
        f"{kpi.get('name', '')}: baseline {kpi.get('baseline', '')}, target {kpi.get('target', '')}, "
        f"reviewed {str(kpi.get('cadence', '')).lower()}"
        for kpi in kpis
    )


def version_diff(
    before_sections: Sequence[Mapping[str, Any]],
    after_sections: Sequence[Mapping[str, Any]],
    before_kpis: Sequence[Mapping[str, Any]] = (),
    after_kpis: Sequence[Mapping[str, Any]] = (),
) -> list[SectionDiff]:
    """Return one diff per section (in the newer version's order, removed ones last), then one for the KPIs."""
    before = {str(s["key"]): s for s in before_sections}
    after = {str(s["key"]): s for s in after_sections}
    keys = [str(s["key"]) for s in after_sections] + [key for key in before if key not in after]
    diffs = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        old_body = str(old["body_markdown"]) if old else ""
        new_body = str(new["body_markdown"]) if new else ""
        title = str((new or old or {}).get("title", key))
        if old is None:
            status = "added"
        elif new is None:
            status = "removed"
        else:
            status = "unchanged" if old_body == new_body and old.get("title") == new.get("title") else "changed"
        lines = diff_lines(old_body, new_body)
        diffs.append(SectionDiff(key=key, title=title, status=status, lines=with_context(lines)))
    old_kpis, new_kpis = kpi_text(before_kpis), kpi_text(after_kpis)
    diffs.append(
        SectionDiff(
            key=KPI_KEY,
            title=KPI_TITLE,
            status="unchanged" if old_kpis == new_kpis else "changed",
            lines=diff_lines(old_kpis, new_kpis),
        )
    )
    return diffs
