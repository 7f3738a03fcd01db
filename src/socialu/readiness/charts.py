"""Geometry for the results page's charts, drawn by the templates as inline SVG.

Pure Python: each function returns the coordinates the template needs, so the
charts are server-rendered, need no JavaScript, and come with a data table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BarChart", "Distribution", "LineChart", "bar_chart", "distribution_chart", "line_chart"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class Band:
    label: str
    x: float  # where the band starts
    width: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label)
    axis_y: float


def bar_chart(items: Sequence[tuple[str, float | None, str]], *, width: int = 640, label_width: int = 170) -> BarChart:
    """Lay out horizontal bars on a 0–100 scale for (label, value or None, text shown beside the bar)."""
    row, bar_height, top = 32, 20, 8
    plot_width = width - label_width - 60
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=text,
            y=top + index * row,
            width=round(max(0.0, min(100.0, value or 0.0)) / 100 * plot_width, 1),
            text_y=top + index * row + bar_height / 2 + 5,
            value_x=label_width + round(max(0.0, min(100.0, value or 0.0)) / 100 * plot_width, 1) + 6,
        )
        for index, (label, value, text) in enumerate(items)
    )
    axis_y = top + len(items) * row
    ticks = tuple((label_width + point / 100 * plot_width, str(point)) for point in (0, 25, 50, 75, 100))
    return BarChart(
        width=width,
        height=axis_y + 24,
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
        bars=bars,
        ticks=ticks,
        axis_y=axis_y,
    )


@dataclass(frozen=True)
class Column:
    point: int
    count: int
    x: float
    y: float
    height: float
    label_x: float
    count_y: float


@dataclass(frozen=True)
class Distribution:
    width: int
    height: int
    base: float
    columns: tuple[Column, ...]


def distribution_chart(counts: Sequence[int], *, width: int = 150, height: int = 64) -> Distribution:
    """Lay out one small column for each answer 1–5, the tallest column being the most chosen answer."""
    most = max([*counts, 1])
    headroom = 12  # room for the count above the tallest column
    plot = height - 16
    step = width / len(counts) if counts else width
    columns = []
    for index, count in enumerate(counts):
        column_height = round(count / most * (plot - headroom), 1)
        x = round(index * step + step * 0.15, 1)
        columns.append(
            Column(
                point=index + 1,
                count=count,
                x=x,
                y=round(plot - column_height, 1),
                height=column_height,
                label_x=round(index * step + step / 2, 1),
                count_y=round(plot - column_height - 3, 1),
            )
        )
    return Distribution(width=width, height=height, base=plot, columns=tuple(columns))


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float
    y: float
    current: bool


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int  # where the plot ends
    plot_width: int
    plot_top: int
    plot_bottom: int
    points: tuple[Point, ...]
    polyline: str
    gridlines: tuple[tuple[float, str], ...]  # (y, label)
    bands: tuple[tuple[float, float, str], ...]  # (y top, height, level label)


def line_chart(
    points: Sequence[tuple[str, float, bool]],
    *,
    levels: Sequence[tuple[float, str]],
    width: int = 640,
    height: int = 240,
) -> LineChart:
    """Lay out the readiness index (0–100) over assessments, oldest first, on the level bands."""
    left, right, top, bottom = 44, 110, 16, 40
    plot_height = height - top - bottom
    plot_width = width - left - right

    def y_for(value: float) -> float:
        return round(top + (1 - max(0.0, min(100.0, value)) / 100) * plot_height, 1)

    count = len(points)
    laid = tuple(
        Point(
            label=label,
            value=value,
            x=round(left + (plot_width / 2 if count == 1 else index * plot_width / (count - 1)), 1),
            y=y_for(value),
            current=current,
        )
        for index, (label, value, current) in enumerate(points)
    )
    bounds = [minimum for minimum, _ in levels] + [100.0]
    bands = tuple(
        (y_for(bounds[index + 1]), round(y_for(bounds[index]) - y_for(bounds[index + 1]), 1), title)
        for index, (_, title) in enumerate(levels)
    )
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=width - right,
        plot_width=plot_width,
        plot_top=top,
        plot_bottom=top + plot_height,
        points=laid,
        polyline=" ".join(f"{p.x},{p.y}" for p in laid),
        gridlines=tuple((y_for(value), str(value)) for value in (0, 20, 40, 60, 80, 100)),
        bands=bands,
    )
