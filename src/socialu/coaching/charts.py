"""Lay out the progress pulse chart: per behaviour, self and supporter ratings (1–5) at each round. Pure Python.

Bars run across in percent of the chart's width and rows down in pixels, so the
text keeps its size on a phone (see :mod:`socialu.core.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from socialu.core.charts import percent, wrap_label

MAX_RATING = 5
_LEFT = 28.0  # percent: the round's name sits to the left of the bars
_RIGHT = 92.0
_ROW = 18  # pixels per bar
_GAP = 14  # pixels between rounds
_TOP = 8


@dataclass(frozen=True)
class Bar:
    y: int
    width: float  # percent
    value: float
    who: str  # "self" or "supporters"
    label: str


@dataclass(frozen=True)
class RoundRow:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class PulseChart:
    behaviour_lines: tuple[str, ...]
    height: int
    left: float
    right: float
    rows: tuple[RoundRow, ...]


def _width(value: float) -> float:
    return percent((_RIGHT - _LEFT) * value / MAX_RATING)


def pulse_chart(behaviour: str, points: Sequence[tuple[str, float | None, float | None]]) -> PulseChart | None:
    """Return the chart of (round label, self rating, supporters' mean) for one behaviour, or None without ratings."""
    if not any(own is not None or others is not None for _, own, others in points):
        return None
    rows = []
    y = _TOP
    for label, own, others in points:
        bars = []
        for who, value, name in (("self", own, "Self"), ("supporters", others, "Supporters")):
            if value is not None:
                bars.append(Bar(y=y, width=_width(value), value=value, who=who, label=f"{label}, {name}: {value:.1f}"))
            y += _ROW
        rows.append(RoundRow(label=label, label_y=y - _ROW, bars=tuple(bars)))
        y += _GAP
    return PulseChart(
        behaviour_lines=tuple(wrap_label(behaviour)), height=y, left=_LEFT, right=_RIGHT, rows=tuple(rows)
    )
