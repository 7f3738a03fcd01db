"""Lay out a line chart of rubric scores (1–5) as numbers an inline SVG template draws. Pure Python.

Positions across are in percent of the chart's width and positions down in
pixels, so the text keeps its size on a phone (see :mod:`socialu.core.charts`);
the line is drawn as segments between the points.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from socialu.core.charts import percent
from socialu.practice.scoring import MAX_SCORE, MIN_SCORE, PASS_MEAN

HEIGHT = 240
# Where the plot starts and ends across, in percent (the score numbers are to the left of it).
_LEFT = 8.0
_RIGHT = 97.0
_TOP = 16
_BOTTOM = 36
# About this many numbers fit along the bottom of a phone-wide chart; the others are on hover and in the table.
_LABELS_ON_A_PHONE = 10


@dataclass(frozen=True)
class ChartPoint:
    x: float  # percent
    y: float
    value: float
    label: str
    number: int
    minor_label: bool = False


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    """Everything the SVG needs: its height, the points, the segments between them and the grid."""

    height: int
    points: tuple[ChartPoint, ...]
    segments: tuple[Segment, ...]
    grid: tuple[GridLine, ...]
    pass_y: float
    left: float
    right: float
    bottom: float

    @property
    def first(self) -> float:
        return self.points[0].value

    @property
    def last(self) -> float:
        return self.points[-1].value


def _y(value: float) -> float:
    span = HEIGHT - _TOP - _BOTTOM
    return _TOP + span * (MAX_SCORE - value) / (MAX_SCORE - MIN_SCORE)


def line_chart(series: Sequence[tuple[str, float]]) -> LineChart | None:
    """Return the chart of (label, score) pairs in order, or None when there is nothing to draw."""
    if not series:
        return None
    span = _RIGHT - _LEFT
    step = span / (len(series) - 1) if len(series) > 1 else 0
    every = max(1, -(-len(series) // _LABELS_ON_A_PHONE))
    points = tuple(
        ChartPoint(
            x=percent(_LEFT + (index * step if len(series) > 1 else span / 2)),
            y=round(_y(min(max(value, MIN_SCORE), MAX_SCORE)), 1),
            value=value,
            label=label,
            number=index + 1,
            minor_label=(len(series) - 1 - index) % every != 0,
        )
        for index, (label, value) in enumerate(series)
    )
    grid = tuple(GridLine(y=round(_y(score), 1), label=str(score)) for score in range(MIN_SCORE, MAX_SCORE + 1))
    return LineChart(
        height=HEIGHT,
        points=points,
        segments=tuple(Segment(a.x, a.y, b.x, b.y) for a, b in itertools.pairwise(points)),
        grid=grid,
        pass_y=round(_y(PASS_MEAN), 1),
        left=_LEFT,
        right=_RIGHT,
        bottom=HEIGHT - _BOTTOM,
    )
