"""Generating a strategy: six sections and KPIs written from the assessment and the organisation's own numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from socialu.core.models import Organisation
from socialu.readiness.models import Assessment
from socialu.strategy import selectors, services
from socialu.strategy.facts import SECTION_TITLES, DimensionFact, ReadinessFacts, RoleFact, StrategyFacts
from socialu.strategy.generating import generate
from socialu.strategy.models import StrategyDocument, StrategyVersion
from socialu.strategy.resourcing import Assumptions, AudienceInput, estimate

ASSUMPTIONS = Assumptions(Decimal(10), Decimal(2), 12, Decimal(3), Decimal(40))


def facts(**overrides: object) -> StrategyFacts:
    values: dict[str, object] = {
        "organisation": "Kestrel Outdoor Co.",
        "today": date(2026, 11, 1),
        "active_people": 200,
        "target_percent": 10,
        "estimate": estimate((AudienceInput("leadership", "Leadership", 200, 120),), ASSUMPTIONS),
    }
    values.update(overrides)
    return StrategyFacts(**values)  # type: ignore[arg-type]


READINESS = ReadinessFacts(
    title="Autumn check",
    respondents=30,
    index=38.0,
    level_title="Getting started",
    level_description="The basics are missing.",
    dimensions=(
        DimensionFact("direction", "Direction", 70.0),
        DimensionFact("governance", "Governance", 20.0),
        DimensionFact("capability", "Capability", 35.0),
        DimensionFact("audience", "Audience", 45.0),
    ),
    disagreements=("Leadership and management disagree on policy.",),
    next_steps=("Write a short policy first.",),
    recommended_formats=("Workshops",),
)


def test_the_draft_has_the_six_sections_in_order_and_four_measures() -> None:
    draft = generate(facts(readiness=READINESS))
    assert [section["title"] for section in draft.sections] == list(SECTION_TITLES.values())
    assert [kpi["name"] for kpi in draft.kpis] == [
        "Share of active people certified",
        "Policy acknowledgement coverage",
        "Readiness index",
        "Official accounts with a named owner",
    ]


def test_goals_start_with_the_two_weakest_dimensions_and_the_assessments_next_steps() -> None:
    goals = generate(facts(readiness=READINESS)).sections[0]["body_markdown"]
    assert "**38 out of 100: Getting started**" in goals
    assert "Raise the governance score from 20 to at least 40" in goals
    assert "Raise the capability score from 35 to at least 55" in goals
    assert "audience score" not in goals  # weak, but not one of the two weakest
    assert "Write a short policy first." in goals
    assert "Workshops" in goals


def test_without_an_assessment_the_draft_says_so_and_still_has_measures() -> None:
    draft = generate(facts())
    assert "No readiness assessment has been completed yet" in draft.sections[0]["body_markdown"]
    index = next(kpi for kpi in draft.kpis if kpi["name"] == "Readiness index")
    assert index["baseline"] == "Not assessed"


def test_without_a_curriculum_the_competencies_section_says_how_to_get_one() -> None:
    body = generate(facts(has_curriculum=False)).sections[2]["body_markdown"]
    assert "There is no curriculum in SocialU yet" in body


def test_the_kpi_baselines_come_from_the_data() -> None:
    kpis = generate(
        facts(readiness=READINESS, certified=30, acknowledgement_percent=64, accounts=4, accounts_with_owner=3)
    ).kpis
    by_name = {kpi["name"]: kpi for kpi in kpis}
    assert by_name["Share of active people certified"]["baseline"] == "15%"
    assert by_name["Share of active people certified"]["target"] == "25%"  # already past 10%: ten points more
    assert by_name["Policy acknowledgement coverage"]["baseline"] == "64%"
    assert by_name["Readiness index"] == {
        "name": "Readiness index",
        "baseline": "38",
        "target": "53",
        "cadence": "Every six months",
    }
    assert by_name["Official accounts with a named owner"]["baseline"] == "75%"


# --- From the database -----------------------------------------------------------------------


def test_generating_from_an_assessment_uses_the_organisations_numbers(
    organisation: Organisation, document: StrategyDocument, assessment: Assessment
) -> None:
    version = StrategyVersion.objects.get(document=document)
    assert version.number == 1
    assert document.assessment == assessment
    assert document.target_percent == organisation.trained_target_percent
    bodies = {section["key"]: section["body_markdown"] for section in version.sections}
    assert "the 104 active people in the roster" in bodies["business-case"]  # the leaver is not counted
    assert "Spring readiness check" in bodies["goals"]
    assert "“Spring readiness check”, 5 answers" in bodies["goals"]
    assert "**Where to put the weight first**" in bodies["competencies"]
    assert "Account security" in bodies["competencies"]  # capability is weak; security is taught for it
    assert "| Programme admin |" in bodies["roles"]
    assert "Leadership and management disagree" in bodies["measurement"]


def test_the_estimate_counts_active_people_by_audience_and_required_path_minutes(
    organisation: Organisation, document: StrategyDocument
) -> None:
    view = selectors.document_view(document=document)
    assert view is not None
    rows = {row.audience: row for row in view.estimate.rows}
    assert rows["leadership"].headcount == 4
    assert rows["observer"].headcount == 60
    assert rows["observer"].learners == 6
    assert all(row.path_hours > 0 for row in rows.values())  # the default curriculum has a path for everyone
    assert view.estimate.cost == (view.estimate.total_hours * Decimal(40)).quantize(Decimal("0.01"))


def test_an_assessment_of_another_organisation_is_refused(
    organisation: Organisation, other_organisation: Organisation, assessment: Assessment
) -> None:
    with pytest.raises(services.StrategyError, match="this organisation's readiness assessments"):
        services.strategy_generate(organisation=other_organisation, assessment=assessment)


def test_a_bad_currency_is_refused_with_an_example(organisation: Organisation) -> None:
    with pytest.raises(services.StrategyError, match="three-letter code such as EUR"):
        services.strategy_generate(organisation=organisation, currency="euros")
    assert not StrategyDocument.objects.exists()


def test_a_baseline_already_past_the_target_gets_a_higher_target() -> None:
    kpis = {kpi["name"]: kpi for kpi in generate(facts(certified=52, acknowledgement_percent=97)).kpis}
    assert kpis["Share of active people certified"]["baseline"] == "26%"
    assert kpis["Share of active people certified"]["target"] == "36%"
    assert kpis["Policy acknowledgement coverage"]["target"] == "100%"


def test_the_roles_table_counts_members_and_the_roster() -> None:
    roles = generate(facts(roles=(RoleFact("Programme admin", 2), RoleFact("Learner", 5)))).sections[4]
    assert "| Programme admin | Runs the programme" in roles["body_markdown"]
    assert "| 5 signed in; 200 in the roster |" in roles["body_markdown"]
