"""Geometry for the dashboard's inline SVG charts, worked out on the server.

Templates draw what these functions return; no script draws anything. Every
chart has a data table next to it with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialu.dashboard.selectors import BreakdownRow, WeekCount

CHART_WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 56
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 12
TOP = 22
# Roughly how wide one character of a bar's value is, in chart units.
VALUE_CHARACTER_WIDTH = 6.5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value_label: str
    text_x: float
    text_y: float
    series: int = 0
    name: str = ""


@dataclass
class BarGroup:
    label: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class BreakdownChart:
    """Horizontal bars: for each row, the share holding each tier, with the target as a line."""

    width: int
    height: int
    groups: list[BarGroup]
    target_x: float
    target_label: str
    plot_left: int
    plot_bottom: float


def breakdown_chart(rows: list[BreakdownRow], *, target_percent: int, series_names: list[str]) -> BreakdownChart:
    """Lay out one group of bars per row (one bar per tier) against a scale that always shows the target."""
    series = max((len(row.holders) for row in rows), default=0)
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((percent for row in rows for percent in row.percents), default=0.0)
    scale = max(target_percent * 1.25, largest * 1.05, 1.0)
    target_x = LABEL_WIDTH + plot_width * target_percent / scale
    groups: list[BarGroup] = []
    y = float(TOP)
    group_height = max(series, 1) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    for row in rows:
        group = BarGroup(label=row.label, label_y=y + group_height / 2 + 4)
        for index, percent in enumerate(row.percents):
            width = plot_width * percent / scale
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            value_label = f"{percent:.1f}%"
            text_x = LABEL_WIDTH + width + 4
            # Keep the number clear of the target line: move it just past the line if they would cross.
            if text_x - 2 <= target_x <= text_x + VALUE_CHARACTER_WIDTH * len(value_label):
                text_x = target_x + 4
            group.bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    value_label=value_label,
                    text_x=round(text_x, 1),
                    text_y=bar_y + BAR_HEIGHT - 3,
                    series=index,
                    name=series_names[index] if index < len(series_names) else "",
                )
            )
        groups.append(group)
        y += group_height + GROUP_GAP
    return BreakdownChart(
        width=CHART_WIDTH,
        height=int(y + 4),
        groups=groups,
        target_x=round(target_x, 1),
        target_label=f"Target {target_percent}%",
        plot_left=LABEL_WIDTH,
        plot_bottom=y - GROUP_GAP + 4,
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    label_x: float
    show_label: bool


@dataclass
class WeekChart:
    """Vertical columns: completions in each of the last weeks."""

    width: int
    height: int
    baseline_y: int
    columns: list[Column]
    largest: int


def week_chart(weeks: list[WeekCount]) -> WeekChart:
    """Lay out one column per week, scaled to the busiest week."""
    height, bottom, top, left, right = 220, 190, 24, 8, 8
    largest = max((week.count for week in weeks), default=0)
    slot = (CHART_WIDTH - left - right) / max(len(weeks), 1)
    columns = []
    for index, week in enumerate(weeks):
        column_height = (bottom - top) * week.count / largest if largest else 0.0
        x = left + index * slot + slot * 0.15
        columns.append(
            Column(
                x=round(x, 1),
                y=round(bottom - column_height, 1),
                width=round(slot * 0.7, 1),
                height=round(column_height, 1),
                count=week.count,
                label=week.start.strftime("%-d %b"),
                label_x=round(x + slot * 0.35, 1),
                show_label=(len(weeks) - 1 - index) % 2 == 0,
            )
        )
    return WeekChart(width=CHART_WIDTH, height=height, baseline_y=bottom, columns=columns, largest=largest)
