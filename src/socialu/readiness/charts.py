"""Geometry for the results page's charts, drawn by the templates as inline SVG.

Pure Python: each function returns the coordinates the template needs, so the
charts are server-rendered, need no JavaScript, and come with a data table.
Positions across are in percent of the chart's width and positions down in
pixels, so text keeps its size on a phone (see :mod:`socialu.core.charts`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from socialu.core.charts import percent

__all__ = ["BarChart", "Distribution", "LineChart", "bar_chart", "distribution_chart", "line_chart"]


LINE_HEIGHT = 16
# Bars and lines run across this share of the width; the rest is room for numbers and band names.
PLOT_RIGHT = 86.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str
    label_y: float
    y: float
    width: float  # percent of the chart's width
    text_y: float
    value_x: float  # percent


@dataclass(frozen=True)
class Tick:
    x: float  # percent
    label: str
    anchor: str


@dataclass(frozen=True)
class BarChart:
    height: int
    bar_height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: float


def _tick_anchor(x: float) -> str:
    return "start" if x <= 0 else "middle"


def bar_chart(items: Sequence[tuple[str, float | None, str]]) -> BarChart:
    """Lay out horizontal bars on a 0–100 scale for (label, value or None, text shown beside the bar).

    Each label sits on its own line above its bar, so it is shown in full at any width.
    """
    row, bar_height, top = LINE_HEIGHT + 30, 18, 4
    bars = []
    for index, (label, value, text) in enumerate(items):
        label_y = top + index * row + LINE_HEIGHT - 4
        y = top + index * row + LINE_HEIGHT + 2
        width = percent(max(0.0, min(100.0, value or 0.0)) / 100 * PLOT_RIGHT)
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                label_y=label_y,
                y=y,
                width=width,
                text_y=y + bar_height / 2 + 5,
                value_x=width,
            )
        )
    axis_y = top + len(items) * row
    ticks = tuple(
        Tick(percent(point / 100 * PLOT_RIGHT), str(point), _tick_anchor(point)) for point in (0, 25, 50, 75, 100)
    )
    return BarChart(height=int(axis_y + 22), bar_height=bar_height, bars=tuple(bars), ticks=ticks, axis_y=axis_y)


@dataclass(frozen=True)
class Column:
    point: int
    count: int
    x: float  # percent
    width: float  # percent
    y: float
    height: float
    label_x: float  # percent
    count_y: float


@dataclass(frozen=True)
class Distribution:
    height: int
    base: float
    columns: tuple[Column, ...]


def distribution_chart(counts: Sequence[int], *, height: int = 78) -> Distribution:
    """Lay out one small column for each answer 1–5, the tallest column being the most chosen answer."""
    most = max([*counts, 1])
    headroom = 16  # room for the count above the tallest column
    plot = height - 18
    step = 100 / len(counts) if counts else 100
    columns = []
    for index, count in enumerate(counts):
        column_height = round(count / most * (plot - headroom), 1)
        columns.append(
            Column(
                point=index + 1,
                count=count,
                x=percent(index * step + step * 0.15),
                width=percent(step * 0.7),
                y=round(plot - column_height, 1),
                height=column_height,
                label_x=percent(index * step + step / 2),
                count_y=round(plot - column_height - 3, 1),
            )
        )
    return Distribution(height=height, base=plot, columns=tuple(columns))


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float  # percent
    y: float
    current: bool
    # On a phone only some points are labelled along the bottom (every point says so on hover and in the table).
    minor_label: bool = False
    # The first and last labels are aligned to the edge, so that they are never cut.
    anchor: str = "middle"
    dx: int = 0


@dataclass(frozen=True)
class Segment:
    x1: float  # percent
    y1: float
    x2: float  # percent
    y2: float


@dataclass(frozen=True)
class Band:
    top: float
    height: float
    label: str


@dataclass(frozen=True)
class LineChart:
    height: int
    left: float  # percent: where the plot starts (the axis numbers are to its left)
    right: float  # percent: where it ends
    plot_top: int
    plot_bottom: int
    points: tuple[Point, ...]
    segments: tuple[Segment, ...]
    gridlines: tuple[tuple[float, str], ...]  # (y, label)
    bands: tuple[Band, ...]

    @property
    def plot_width(self) -> float:
        return percent(self.right - self.left)


def line_chart(
    points: Sequence[tuple[str, float, bool]],
    *,
    levels: Sequence[tuple[float, str]],
    height: int = 240,
) -> LineChart:
    """Lay out the readiness index (0–100) over assessments, oldest first, on the level bands.

    A line is drawn as segments between the points (a polyline cannot mix percent and pixels).
    """
    left, right, top, bottom = 9.0, 97.0, 16, 40
    plot_height = height - top - bottom

    def y_for(value: float) -> float:
        return round(top + (1 - max(0.0, min(100.0, value)) / 100) * plot_height, 1)

    count = len(points)
    # Points are labelled from the newest back; on a phone, about five labels fit across.
    every = max(1, math.ceil(count / 5))
    laid = tuple(
        Point(
            label=label,
            value=value,
            x=percent(left + ((right - left) / 2 if count == 1 else index * (right - left) / (count - 1))),
            y=y_for(value),
            current=current,
            minor_label=(count - 1 - index) % every != 0,
            anchor="middle" if count == 1 else "start" if index == 0 else "end" if index == count - 1 else "middle",
            dx=0 if count == 1 else -8 if index == 0 else 8 if index == count - 1 else 0,
        )
        for index, (label, value, current) in enumerate(points)
    )
    bounds = [minimum for minimum, _ in levels] + [100.0]
    bands = tuple(
        Band(y_for(bounds[index + 1]), round(y_for(bounds[index]) - y_for(bounds[index + 1]), 1), title)
        for index, (_, title) in enumerate(levels)
    )
    segments = tuple(Segment(a.x, a.y, b.x, b.y) for a, b in itertools.pairwise(laid))
    return LineChart(
        height=height,
        left=left,
        right=right,
        plot_top=top,
        plot_bottom=top + plot_height,
        points=laid,
        segments=segments,
        gridlines=tuple((y_for(value), str(value)) for value in (0, 20, 40, 60, 80, 100)),
        bands=bands,
    )
