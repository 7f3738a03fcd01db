"""The mentor-load chart: one bar per load, heights in proportion, positions inside the chart."""

from __future__ import annotations

from socialu.mentoring.charts import HEIGHT, load_chart


def test_bars_are_in_proportion_and_inside_the_chart() -> None:
    chart = load_chart([(0, 2), (1, 4), (2, 1)])
    assert chart is not None
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == max(heights) and heights[0] == heights[1] / 2
    assert all(bar.x >= 0 and bar.x + bar.width <= 100 and 0 <= bar.y <= HEIGHT for bar in chart.bars)
    assert [(bar.label, bar.name) for bar in chart.bars][1] == ("1", "1 mentee")
    assert load_chart([]) is None
