"""Demo strategy: a strategy document generated from the latest readiness assessment, with one edit."""

from __future__ import annotations

from decimal import Decimal

from socialu.core.models import Organisation
from socialu.readiness import selectors as readiness_selectors
from socialu.strategy import selectors as strategy_selectors
from socialu.strategy import services as strategy_services

DEMO_STRATEGY_TITLE = "Kestrel social media strategy 2027"
DEMO_COST_PER_HOUR = Decimal("48.00")
# The admin's edit after the board's first reading, so the history has a change to compare.
DEMO_GOALS_ADDITION = (
    "\n\n**Added after the board's first reading:** store managers in the three flagship shops join the first "
    "cohort, because most customer questions about repairs and returns reach their teams first."
)


def seed(organisation: Organisation) -> None:
    """Generate (once) the demo strategy from the latest closed assessment, then save one edited version."""
    if strategy_selectors.documents_list(organisation=organisation).filter(title=DEMO_STRATEGY_TITLE).exists():
        return
    document = strategy_services.strategy_generate(
        organisation=organisation,
        assessment=readiness_selectors.latest_with_results(organisation=organisation),
        title=DEMO_STRATEGY_TITLE,
        cost_per_hour=DEMO_COST_PER_HOUR,
        currency="EUR",
    )
    view = strategy_selectors.document_view(document=document)
    if view is None:
        return
    goals = next(section for section in view.sections if section["key"] == "goals")
    strategy_services.strategy_section_update(
        document=document,
        key="goals",
        body=goals["body_markdown"] + DEMO_GOALS_ADDITION,
        note="Flagship store managers join the first cohort.",
    )
