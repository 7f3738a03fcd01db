"""The resourcing estimate: every figure from headcount, target share, path hours, facilitation and cost per hour."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialu.strategy.outline import CHART_PLOT_RIGHT, hours_chart
from socialu.strategy.resourcing import (
    Assumptions,
    AudienceInput,
    estimate,
    from_dict,
    learners_for,
    money,
    to_dict,
)

ASSUMPTIONS = Assumptions(
    target_percent=Decimal(10),
    session_hours=Decimal(2),
    group_size=12,
    coaching_hours_per_leader=Decimal(3),
    cost_per_hour=Decimal(50),
    currency="EUR",
)
AUDIENCES = (
    AudienceInput("leadership", "Leadership", headcount=40, path_minutes=180),
    AudienceInput("practitioner", "Practitioner", headcount=250, path_minutes=300),
    AudienceInput("observer", "Observer", headcount=1000, path_minutes=0),
)


def test_each_audience_is_headcount_times_share_times_path_hours_plus_facilitation() -> None:
    result = estimate(AUDIENCES, ASSUMPTIONS)
    leaders, practitioners, observers = result.rows

    assert leaders.learners == 4
    assert leaders.learner_hours == Decimal("12.0")  # 4 × 3 h
    assert leaders.sessions == 1
    assert leaders.coaching_hours == Decimal("12.0")  # 4 × 3 h of one-to-one coaching
    assert leaders.facilitator_hours == Decimal("14.0")  # 1 session × 2 h + 12 h coaching
    assert leaders.cost == Decimal("1300.00")  # (12 + 14) × 50

    assert practitioners.learners == 25
    assert practitioners.learner_hours == Decimal("125.0")
    assert practitioners.sessions == 3  # 25 ÷ 12, rounded up
    assert practitioners.coaching_hours == 0  # only leaders are coached one to one
    assert practitioners.facilitator_hours == Decimal("6.0")

    assert observers.learners == 100
    assert observers.learner_hours == 0 and observers.sessions == 0  # no path, nothing to facilitate


def test_the_totals_add_up_and_the_cost_is_all_hours_times_the_rate() -> None:
    result = estimate(AUDIENCES, ASSUMPTIONS)

    assert result.learners == 129
    assert result.learner_hours == Decimal("137.0")
    assert result.facilitator_hours == Decimal("20.0")
    assert result.cost == Decimal("7850.00")
    assert money(result.cost, "EUR") == "EUR 7,850.00"
    assert "target share" in result.formula


def test_learners_are_rounded_up_to_whole_people_and_never_exceed_the_headcount() -> None:
    assert learners_for(7, Decimal(10)) == 1
    assert learners_for(0, Decimal(10)) == 0
    assert learners_for(3, Decimal(100)) == 3


def test_the_stored_snapshot_recomputes_the_same_figures() -> None:
    result = estimate(AUDIENCES, ASSUMPTIONS)
    again, audiences = from_dict(to_dict(result, AUDIENCES))

    assert audiences == AUDIENCES
    assert again == result


headcounts = st.integers(min_value=0, max_value=50_000)
minutes = st.integers(min_value=0, max_value=3_000)
percents = st.integers(min_value=1, max_value=100).map(Decimal)
rates = st.decimals(min_value=0, max_value=500, places=2)


@given(headcount=headcounts, path=minutes, percent=percents, rate=rates)
def test_cost_is_never_negative_and_zero_rate_costs_nothing(
    headcount: int, path: int, percent: Decimal, rate: Decimal
) -> None:
    assumptions = Assumptions(percent, Decimal(2), 12, Decimal(3), rate)
    result = estimate((AudienceInput("leadership", "Leadership", headcount, path),), assumptions)
    assert result.cost >= 0
    assert result.learners <= headcount
    if rate == 0:
        assert result.cost == 0


@given(headcount=headcounts, extra=st.integers(min_value=1, max_value=1_000), path=minutes, percent=percents)
def test_more_people_never_need_fewer_hours(headcount: int, extra: int, path: int, percent: Decimal) -> None:
    assumptions = Assumptions(percent, Decimal(2), 12, Decimal(3), Decimal(40))
    smaller = estimate((AudienceInput("practitioner", "Practitioner", headcount, path),), assumptions)
    larger = estimate((AudienceInput("practitioner", "Practitioner", headcount + extra, path),), assumptions)
    assert larger.total_hours >= smaller.total_hours
    assert larger.cost >= smaller.cost


@given(
    rows=st.lists(st.tuples(headcounts, minutes), min_size=1, max_size=5),
    percent=percents,
    rate=rates,
)
def test_the_total_is_the_sum_of_the_audiences(rows: list[tuple[int, int]], percent: Decimal, rate: Decimal) -> None:
    audiences = tuple(AudienceInput(f"a{i}", f"A{i}", count, path) for i, (count, path) in enumerate(rows))
    result = estimate(audiences, Assumptions(percent, Decimal("1.5"), 10, Decimal(2), rate))
    assert result.cost == sum((row.cost for row in result.rows), Decimal(0))
    assert result.total_hours == result.learner_hours + result.facilitator_hours


def test_the_chart_scales_bars_to_the_largest_audience_and_is_left_out_when_there_are_no_hours() -> None:
    chart = hours_chart(estimate(AUDIENCES, ASSUMPTIONS))
    assert chart is not None
    _leaders, practitioners, observers = chart.bars
    # The widest bar spans the plot; the others are in proportion, in percent of the chart's width.
    assert practitioners.facilitator_x + practitioners.facilitator_width == pytest.approx(CHART_PLOT_RIGHT)
    assert practitioners.value_x == pytest.approx(CHART_PLOT_RIGHT)
    assert observers.learner_width == 0 and observers.text == "0.0 h"
    assert "Leadership: 12.0 learner hours and 14.0 facilitator hours" in chart.description
    assert hours_chart(estimate(AUDIENCES[2:], ASSUMPTIONS)) is None


def test_the_estimate_generator_and_diff_are_pure_python() -> None:
    code = (
        "import sys; import socialu.strategy.resourcing, socialu.strategy.generating, socialu.strategy.diffing; "
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
