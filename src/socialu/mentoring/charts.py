"""Lay out the mentor load spread (how many mentors hold 0, 1, 2… mentees) as bars an SVG template draws. Pure.

Positions across are in percent of the chart's width and positions down in pixels, so the text keeps its
size on a phone (see :mod:`socialu.core.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from socialu.core.charts import percent

HEIGHT = 200
_TOP = 16
_BOTTOM = 40
_LEFT = 4.0
_RIGHT = 98.0


@dataclass(frozen=True)
class Bar:
    x: float  # percent
    width: float  # percent
    y: float
    height: float
    label: str
    name: str
    count: int

    @property
    def middle(self) -> float:
        """Return where the bar's centre is across, in percent."""
        return percent(self.x + self.width / 2)


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: tuple[Bar, ...]
    bottom: float


def load_chart(histogram: Sequence[tuple[int, int]]) -> BarChart | None:
    """Return bars for (mentees held, number of mentors) pairs, or None when there are no mentors."""
    if not histogram:
        return None
    tallest = max(count for _, count in histogram) or 1
    slot = (_RIGHT - _LEFT) / len(histogram)
    span = HEIGHT - _TOP - _BOTTOM
    bars = []
    for index, (mentees, count) in enumerate(histogram):
        height = span * count / tallest
        bars.append(
            Bar(
                x=percent(_LEFT + slot * index + slot * 0.15),
                width=percent(slot * 0.7),
                y=round(_TOP + span - height, 1),
                height=round(height, 1),
                label=str(mentees),
                name=f"{mentees} mentee{'' if mentees == 1 else 's'}",
                count=count,
            )
        )
    return BarChart(height=HEIGHT, bars=tuple(bars), bottom=HEIGHT - _BOTTOM)
