"""The document as every renderer lays it out: numbered sections, the resourcing table and the KPI table.

The page, the PDF, the DOCX and the Markdown export all read this, so they never disagree on
where a table goes or what a figure says.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialu.core.charts import percent
from socialu.strategy.facts import Kpi
from socialu.strategy.resourcing import Estimate, hours, money
from socialu.strategy.selectors import DocumentView

RESOURCING_AFTER = "business-case"
KPIS_AFTER = "measurement"
RESOURCING_TITLE = "Resourcing estimate"
KPIS_TITLE = "Measures"
RESOURCING_HEADERS = (
    "Audience",
    "People",
    "Learners",
    "Hours each",
    "Learner hours",
    "Sessions",
    "Facilitator hours",
    "Cost",
)
KPI_HEADERS = ("Measure", "Baseline", "Target", "Review")


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Block:
    number: int
    key: str
    title: str
    body_markdown: str
    resourcing: bool = False
    kpis: bool = False

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


def resourcing_table(estimate: Estimate) -> Table:
    """Return every figure of the estimate as text, one row per audience and a total row."""
    currency = estimate.assumptions.currency
    rows = tuple(
        (
            row.label,
            f"{row.headcount:,}",
            f"{row.learners:,}",
            hours(row.path_hours),
            hours(row.learner_hours),
            f"{row.sessions:,}",
            hours(row.facilitator_hours) + (f" ({hours(row.coaching_hours)} coaching)" if row.coaching_hours else ""),
            money(row.cost, currency),
        )
        for row in estimate.rows
    )
    total = (
        "Total",
        f"{estimate.headcount:,}",
        f"{estimate.learners:,}",
        "",
        hours(estimate.learner_hours),
        f"{estimate.sessions:,}",
        hours(estimate.facilitator_hours),
        money(estimate.cost, currency),
    )
    return Table(headers=RESOURCING_HEADERS, rows=rows, total=total)


def assumptions_text(estimate: Estimate) -> str:
    a = estimate.assumptions
    return (
        f"Assumptions: target share {a.target_percent}%, {a.group_size} learners per group, "
        f"{hours(a.session_hours)} facilitator hours per session, {hours(a.coaching_hours_per_leader)} coaching hours "
        f"per leader, {money(a.cost_per_hour, a.currency)} per hour."
    )


def kpi_table(kpis: list[Kpi]) -> Table:
    return Table(
        headers=KPI_HEADERS,
        rows=tuple((kpi["name"], kpi["baseline"], kpi["target"], kpi["cadence"]) for kpi in kpis),
    )


def blocks(view: DocumentView) -> list[Block]:
    """Return the numbered sections with the tables placed after the business case and the measurement sections.

    A table whose section was removed goes at the end, so that no figure disappears.
    """
    keys = [section["key"] for section in view.sections]
    result = [
        Block(
            number=position,
            key=section["key"],
            title=section["title"],
            body_markdown=section["body_markdown"],
            resourcing=section["key"] == RESOURCING_AFTER,
            kpis=section["key"] == KPIS_AFTER,
        )
        for position, section in enumerate(view.sections, start=1)
    ]
    if RESOURCING_AFTER not in keys:
        result.append(Block(len(result) + 1, "resourcing", RESOURCING_TITLE, "", resourcing=True))
    if KPIS_AFTER not in keys:
        result.append(Block(len(result) + 1, "kpis", KPIS_TITLE, "", kpis=True))
    return result


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: int
    y: int
    learner_width: float  # percent of the chart's width
    facilitator_x: float  # percent
    facilitator_width: float  # percent
    value_x: float  # percent
    text: str


@dataclass(frozen=True)
class HoursChart:
    """A horizontal bar chart of hours by audience, laid out for an inline SVG that keeps its text size.

    Each audience's name is on its own line above its bar; positions across are
    in percent of the chart's width (see :mod:`socialu.core.charts`).
    """

    height: int
    legend_y: int
    bars: tuple[Bar, ...]
    description: str


# The widest bar ends here, in percent of the width; the rest is room for its hours.
CHART_PLOT_RIGHT = 82.0
CHART_ROW = 42
CHART_BAR_HEIGHT = 20


def hours_chart(estimate: Estimate) -> HoursChart | None:
    """Lay out learner and facilitator hours per audience as bars; None when there are no hours at all."""
    largest = max((row.total_hours for row in estimate.rows), default=0)
    if not largest:
        return None
    bars = []
    for index, row in enumerate(estimate.rows):
        learner = percent(float(row.learner_hours / largest) * CHART_PLOT_RIGHT)
        facilitator = percent(float(row.facilitator_hours / largest) * CHART_PLOT_RIGHT)
        top = index * CHART_ROW + 4
        bars.append(
            Bar(
                label=row.label,
                label_y=top + 12,
                y=top + 18,
                learner_width=learner,
                facilitator_x=learner,
                facilitator_width=facilitator,
                value_x=percent(learner + facilitator),
                text=f"{hours(row.total_hours)} h",
            )
        )
    description = "; ".join(
        f"{row.label}: {hours(row.learner_hours)} learner hours and {hours(row.facilitator_hours)} facilitator hours"
        for row in estimate.rows
    )
    height = len(bars) * CHART_ROW + 32
    return HoursChart(height=height, legend_y=height - 8, bars=tuple(bars), description=description + ".")
