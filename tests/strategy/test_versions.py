"""Every save is a new version; old versions never change; any two versions can be compared."""

from __future__ import annotations

from decimal import Decimal

import pytest

from socialu.accounts.models import User
from socialu.strategy import diffing, selectors, services
from socialu.strategy.models import StrategyDocument, StrategyVersion


def _sections(version: StrategyVersion) -> dict[str, str]:
    return {section["key"]: section["body_markdown"] for section in version.sections}


def test_saving_a_section_creates_a_version_and_keeps_the_old_one(
    light_document: StrategyDocument, admin_user: User
) -> None:
    first = StrategyVersion.objects.get(document=light_document, number=1)
    before = _sections(first)

    second = services.strategy_section_update(
        document=light_document, key="goals", body="We will **train 200 people** this year.", user=admin_user
    )

    assert second.number == 2 and second.saved_by == admin_user
    assert second.note == "Edited “Goals”."
    assert _sections(second)["goals"] == "We will **train 200 people** this year."
    assert {k: v for k, v in _sections(second).items() if k != "goals"} == {
        k: v for k, v in before.items() if k != "goals"
    }
    first.refresh_from_db()
    assert _sections(first) == before
    assert second.resourcing == first.resourcing and second.kpis == first.kpis


@pytest.mark.parametrize(
    ("key", "body", "message"),
    [
        ("goals", "   ", "Write something in this section"),
        ("nonsense", "Text", "There is no such section"),
        ("goals", "x" * 50_001, "too long"),
    ],
)
def test_a_section_that_cannot_be_saved_says_why_and_saves_nothing(
    light_document: StrategyDocument, key: str, body: str, message: str
) -> None:
    with pytest.raises(services.StrategyError, match=message):
        services.strategy_section_update(document=light_document, key=key, body=body)
    assert StrategyVersion.objects.filter(document=light_document).count() == 1


def test_saving_an_unchanged_section_is_refused(light_document: StrategyDocument) -> None:
    view = selectors.document_view(document=light_document)
    assert view is not None
    with pytest.raises(services.StrategyError, match="Nothing has changed"):
        services.strategy_section_update(document=light_document, key="roles", body=view.sections[4]["body_markdown"])


def test_measures_are_cleaned_and_saved_as_a_version(light_document: StrategyDocument) -> None:
    version = services.strategy_kpis_update(
        document=light_document,
        kpis=[
            {"name": " Reply time to customers ", "baseline": "9 h", "target": "2 h", "cadence": "Monthly"},
            {"name": "", "baseline": "", "target": "", "cadence": ""},
        ],
    )
    assert version.kpis == [
        {"name": "Reply time to customers", "baseline": "9 h", "target": "2 h", "cadence": "Monthly"}
    ]


def test_a_measure_without_a_name_is_refused_by_row(light_document: StrategyDocument) -> None:
    with pytest.raises(services.StrategyError, match="Row 2: give the measure a name"):
        services.strategy_kpis_update(
            document=light_document,
            kpis=[{"name": "A", "baseline": "1"}, {"name": "", "baseline": "5", "target": "9", "cadence": ""}],
        )


def test_new_assumptions_recompute_the_estimate_and_rewrite_an_untouched_business_case(
    light_document: StrategyDocument,
) -> None:
    version, rewritten = services.strategy_assumptions_update(
        document=light_document,
        cost_per_hour="55",
        currency="gbp",
        target_percent=20,
        session_hours="3",
        group_size=10,
        coaching_hours_per_leader="4",
    )
    assert rewritten
    view = selectors.document_view(document=light_document)
    assert view is not None and view.version == version
    assert view.estimate.assumptions.cost_per_hour == Decimal("55.00")
    assert view.estimate.assumptions.currency == "GBP"
    assert view.estimate.learners == 21  # 20% of each audience, rounded up: 1 + 2 + 5 + 1 + 12
    assert "GBP 55.00 an hour" in _sections(version)["business-case"]
    assert f"**GBP {view.estimate.cost:,.2f}**" in _sections(version)["business-case"]


def test_new_assumptions_keep_a_business_case_someone_edited(light_document: StrategyDocument) -> None:
    services.strategy_section_update(document=light_document, key="business-case", body="Our own words.")
    version, rewritten = services.strategy_assumptions_update(
        document=light_document,
        cost_per_hour="10",
        currency="EUR",
        target_percent=10,
        session_hours="2",
        group_size=12,
        coaching_hours_per_leader="3",
    )
    assert not rewritten
    assert _sections(version)["business-case"] == "Our own words."
    assert version.resourcing["assumptions"]["cost_per_hour"] == "10.00"


def test_the_diff_marks_added_and_removed_lines_per_section() -> None:
    before = [{"key": "goals", "title": "Goals", "body_markdown": "Train leaders.\nWrite a policy."}]
    after = [
        {"key": "goals", "title": "Goals", "body_markdown": "Train leaders.\nWrite a short policy."},
        {"key": "extra", "title": "Extra", "body_markdown": "New."},
    ]
    diff = diffing.version_diff(before, after, [{"name": "A", "target": "1"}], [{"name": "A", "target": "2"}])

    goals, extra, kpis = diff
    assert goals.status == "changed"
    assert [(line.kind, line.text) for line in goals.lines] == [
        ("same", "Train leaders."),
        ("removed", "Write a policy."),
        ("added", "Write a short policy."),
    ]
    assert extra.status == "added" and extra.added == 1
    assert kpis.title == "Measures (KPIs)" and kpis.status == "changed"


def test_versions_are_numbered_one_after_another(light_document: StrategyDocument) -> None:
    for number in range(3):
        services.strategy_section_update(document=light_document, key="goals", body=f"Goal text {number}")
    assert list(StrategyVersion.objects.filter(document=light_document).values_list("number", flat=True)) == [
        4,
        3,
        2,
        1,
    ]


def test_the_diff_leaves_out_unchanged_lines_far_from_a_change() -> None:
    lines = [f"Line {n}" for n in range(10)]
    changed = [*lines[:5], "Line five, rewritten", *lines[6:]]
    diff = diffing.version_diff(
        [{"key": "goals", "title": "Goals", "body_markdown": "\n".join(lines)}],
        [{"key": "goals", "title": "Goals", "body_markdown": "\n".join(changed)}],
    )[0]
    assert [line.kind for line in diff.lines] == ["gap", "same", "removed", "added", "same", "gap"]


def test_a_stale_edit_of_the_same_section_is_refused(light_document: StrategyDocument, admin_user: User) -> None:
    services.strategy_section_update(
        document=light_document, key="goals", body="Alice's goals.", user=admin_user, base_version=1
    )
    with pytest.raises(services.StrategyError, match=r"admin@acme.example saved a newer text .* \(version 2\)"):
        services.strategy_section_update(document=light_document, key="goals", body="Bob's goals.", base_version=1)
    assert StrategyVersion.objects.filter(document=light_document).count() == 2


def test_a_stale_edit_of_another_section_still_saves(light_document: StrategyDocument) -> None:
    services.strategy_section_update(document=light_document, key="roles", body="New roles.", base_version=1)
    version = services.strategy_section_update(document=light_document, key="goals", body="New goals.", base_version=1)
    assert version.number == 3
    assert _sections(version)["roles"] == "New roles." and _sections(version)["goals"] == "New goals."
