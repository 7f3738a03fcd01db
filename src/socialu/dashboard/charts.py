"""Geometry for the dashboard's inline SVG charts, worked out on the server.

Templates draw what these functions return; no script draws anything. Every
chart has a data table next to it with the same numbers. The charts stay
legible at any width (see :mod:`socialu.core.charts`): positions across are in
percent of the chart's width, positions down in pixels, text in pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialu.core.charts import percent, wrap_label
from socialu.dashboard.selectors import BreakdownRow, WeekCount

# Bars run from the left edge to PLOT_RIGHT percent at the top of the scale; the rest is room for numbers.
PLOT_RIGHT = 84.0
LINE_HEIGHT = 16
BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 14
TOP = 22
# How much of the width a bar's number may take, in percent, on the narrowest chart (about 280 px).
VALUE_ROOM = 15.0


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


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass
class BarGroup:
    label: str
    lines: list[LabelLine]
    bars: list[Bar] = field(default_factory=list)
    # The target line is drawn beside the bars only, so it never crosses a label.
    bars_top: float = 0.0
    bars_bottom: float = 0.0

    @property
    def title(self) -> str:
        """The group in full, for the mark's hover text: "Marketing: Ambassador 21.0%, Practitioner 9.5%"."""
        values = ", ".join(f"{bar.name} {bar.value_label}" if bar.name else bar.value_label for bar in self.bars)
        return f"{self.label}: {values}" if values else self.label


@dataclass
class BreakdownChart:
    """Horizontal bars: for each row, its label (in full) and the share holding each tier, with the target."""

    height: int
    groups: list[BarGroup]
    target_x: float
    target_label: str
    target_anchor: str


def breakdown_chart(rows: list[BreakdownRow], *, target_percent: int, series_names: list[str]) -> BreakdownChart:
    """Lay out one group per row: its label on its own lines, then one bar per tier, against the target."""
    series = max((len(row.holders) for row in rows), default=0)
    largest = max((value for row in rows for value in row.percents), default=0.0)
    scale = max(target_percent * 1.25, largest * 1.05, 1.0)
    target_x = percent(PLOT_RIGHT * target_percent / scale)
    groups: list[BarGroup] = []
    y = float(TOP)
    for row in rows:
        lines = [LabelLine(text, y + LINE_HEIGHT * (index + 1) - 4) for index, text in enumerate(wrap_label(row.label))]
        bar_top = y + LINE_HEIGHT * len(lines) + 2
        group = BarGroup(
            label=row.label,
            lines=lines,
            bars_top=bar_top - 2,
            bars_bottom=bar_top + max(series, 1) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 2,
        )
        for index, value in enumerate(row.percents):
            width = percent(PLOT_RIGHT * value / scale)
            text_x = width
            # Keep the number clear of the target line: move it just past the line if they would cross.
            if target_x - VALUE_ROOM < text_x <= target_x:
                text_x = target_x
            bar_y = bar_top + index * (BAR_HEIGHT + BAR_GAP)
            group.bars.append(
                Bar(
                    x=0.0,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    value_label=f"{value:.1f}%",
                    text_x=text_x,
                    text_y=bar_y + BAR_HEIGHT - 2,
                    series=index,
                    name=series_names[index] if index < len(series_names) else "",
                )
            )
        groups.append(group)
        y = bar_top + max(series, 1) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP
    return BreakdownChart(
        height=int(y),
        groups=groups,
        target_x=target_x,
        target_label=f"Target {target_percent}%",
        # Near the left edge the label starts at the line rather than centring on it, so it is never cut.
        target_anchor="start" if target_x < 12 else "middle",
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    title: str
    label_x: float
    # The last column's number and label end at its right edge, so they never run out of the chart.
    anchor: str
    show_label: bool
    # On a phone only every other column is numbered and every fourth labelled (all say so on hover and in the table).
    minor: bool
    minor_label: bool


@dataclass
class WeekChart:
    """Vertical columns: completions in each of the last weeks."""

    height: int
    baseline_y: int
    columns: list[Column]
    largest: int


def week_chart(weeks: list[WeekCount]) -> WeekChart:
    """Lay out one column per week, scaled to the busiest week."""
    height, bottom, top = 220, 190, 24
    largest = max((week.count for week in weeks), default=0)
    slot = 100 / max(len(weeks), 1)
    columns = []
    for index, week in enumerate(weeks):
        column_height = (bottom - top) * week.count / largest if largest else 0.0
        labelled = (len(weeks) - 1 - index) % 2 == 0
        noun = "completion" if week.count == 1 else "completions"
        columns.append(
            Column(
                x=percent(index * slot + slot * 0.15),
                y=round(bottom - column_height, 1),
                width=percent(slot * 0.7),
                height=round(column_height, 1),
                count=week.count,
                label=week.start.strftime("%-d %b"),
                title=f"Week starting {week.start.strftime('%-d %B %Y')}: {week.count:,} {noun}",
                label_x=percent(index * slot + slot * (0.85 if index == len(weeks) - 1 else 0.5)),
                anchor="end" if index == len(weeks) - 1 else "middle",
                show_label=labelled,
                minor=not labelled,
                minor_label=(len(weeks) - 1 - index) % 4 != 0,
            )
        )
    return WeekChart(height=height, baseline_y=bottom, columns=columns, largest=largest)
