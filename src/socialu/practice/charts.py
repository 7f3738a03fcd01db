"""Lay out a line chart of rubric scores (1–5) as numbers an inline SVG template draws. Pure Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from socialu.practice.scoring import MAX_SCORE, MIN_SCORE, PASS_MEAN

WIDTH = 640
HEIGHT = 240
_LEFT = 44
_RIGHT = 16
_TOP = 16
_BOTTOM = 36


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    """Everything the SVG needs: the view box, the points, the line through them and the grid."""

    width: int
    height: int
    points: tuple[ChartPoint, ...]
    grid: tuple[GridLine, ...]
    pass_y: float
    left: int
    right: int
    bottom: float

    @property
    def path(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

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
    span = WIDTH - _LEFT - _RIGHT
    step = span / (len(series) - 1) if len(series) > 1 else 0
    points = tuple(
        ChartPoint(
            x=_LEFT + (index * step if len(series) > 1 else span / 2),
            y=_y(min(max(value, MIN_SCORE), MAX_SCORE)),
            value=value,
            label=label,
        )
        for index, (label, value) in enumerate(series)
    )
    grid = tuple(GridLine(y=_y(score), label=str(score)) for score in range(MIN_SCORE, MAX_SCORE + 1))
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        grid=grid,
        pass_y=_y(PASS_MEAN),
        left=_LEFT,
        right=WIDTH - _RIGHT,
        bottom=HEIGHT - _BOTTOM,
    )
