"""The scenario files shipped with SocialU are valid, varied and safe to copy; bad files are explained."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
import yaml

from socialu.policycheck import Severity, check, default_rule_set
from socialu.practice import scenario_files
from socialu.practice.scenario_files import (
    ScenarioFileError,
    dump_scenario,
    load_scenario_file,
    load_scenario_folder,
    parse_scenario,
    shipped_folder,
)

SHIPPED = load_scenario_folder(shipped_folder())
RESTOCK_SOURCE = (shipped_folder() / "restock-date-question.yaml").read_text(encoding="utf-8")


def test_at_least_forty_scenarios_are_shipped_and_all_are_valid() -> None:
    assert len(SHIPPED) >= 40
    assert len({scenario.slug for scenario in SHIPPED}) == len(SHIPPED)


def test_every_situation_type_of_the_issue_is_covered() -> None:
    covered = scenario_files.situation_types_covered(SHIPPED)
    assert covered == set(scenario_files.SITUATION_TYPES)
    # The issue's examples by name: a complaint, a launch, a crisis, a troll, a recruiting post.
    assert {"customer-complaint", "product-launch", "crisis", "troll", "recruiting"} <= covered


def test_the_shipped_set_spans_every_platform_audience_and_difficulty() -> None:
    assert {s.platform for s in SHIPPED} == set(scenario_files.PLATFORMS)
    assert {a for s in SHIPPED for a in s.audiences} == set(scenario_files.AUDIENCES)
    assert {s.difficulty for s in SHIPPED} == set(scenario_files.DIFFICULTIES)


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda scenario: scenario.slug)
def test_every_model_answer_passes_the_default_rules(scenario: scenario_files.ScenarioData) -> None:
    result = check(
        scenario.model_answer,
        platform=scenario.platform,
        account_kind=scenario.account_kind,
        rules=default_rule_set(),
        today=datetime.date(2026, 6, 1),
    )
    serious = [(f.rule_id, f.excerpt) for f in result.findings if f.severity is not Severity.INFO]
    assert not serious


def test_every_scenario_has_the_five_rubric_criteria_in_order() -> None:
    for scenario in SHIPPED:
        assert tuple(scenario.rubric) == scenario_files.CRITERIA


def test_a_scenario_written_out_reads_back_the_same() -> None:
    for scenario in SHIPPED:
        assert parse_scenario(dump_scenario(scenario), expected_slug=scenario.slug) == scenario


def _broken(replace: str, by: str) -> str:
    assert replace in RESTOCK_SOURCE
    return RESTOCK_SOURCE.replace(replace, by, 1)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            _broken("platform: instagram", "platform: myspace"),
            "restock-date-question.yaml:3: platform: 'myspace' is not one of",
        ),
        (_broken("difficulty: introductory", "difficulty: easy"), "difficulty: 'easy' is not one of"),
        (_broken("audiences: [practitioner]", "audiences: [interns]"), "audiences[0]: 'interns' is not one of"),
        (_broken("task: Write", "tasks: Write"), "tasks: unknown field. Did you mean 'task'?"),
        (_broken("  tone:\n", "  voice:\n"), "rubric: must give exactly these criteria, in this order"),
        (_broken("  author_kind: prospect", "  author_kind: alien"), "replying_to.author_kind: 'alien'"),
        (
            _broken("slug: restock-date-question", "slug: Restock Date"),
            "slug: 'Restock Date' is not in the right form. Use lower-case",
        ),
        (_broken("title: ", "title: [unclosed\nx: "), "not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_field(source: str, expected: str) -> None:
    with pytest.raises(ScenarioFileError) as error:
        parse_scenario(source, name="restock-date-question.yaml")
    assert str(error.value).startswith("restock-date-question.yaml:")
    assert expected in str(error.value)


def test_a_missing_field_is_named() -> None:
    source = "\n".join(line for line in RESTOCK_SOURCE.splitlines() if not line.startswith("model_answer_notes"))
    source = source.split("model_answer_notes")[0]
    with pytest.raises(ScenarioFileError, match="model_answer_notes: is required"):
        parse_scenario(source, name="x.yaml")


def test_a_file_whose_name_differs_from_its_slug_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "another-name.yaml"
    path.write_text(RESTOCK_SOURCE, encoding="utf-8")
    with pytest.raises(ScenarioFileError, match=r"another-name.yaml:1: slug: .*named another-name.yaml"):
        load_scenario_file(path)


def test_a_folder_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    (tmp_path / "restock-date-question.yaml").write_text(_broken("platform: instagram", "platform: mastodon"))
    (tmp_path / "second.yaml").write_text("slug: second\n")
    with pytest.raises(ScenarioFileError) as error:
        load_scenario_folder(tmp_path)
    assert "restock-date-question.yaml" in str(error.value) and "second.yaml" in str(error.value)


def test_a_brief_outside_the_word_range_is_refused() -> None:
    with pytest.raises(ScenarioFileError, match=r"brief: write 80–200 words \(it has 3\)"):
        parse_scenario(yaml.safe_dump({**yaml.safe_load(RESTOCK_SOURCE), "brief": "Too short here"}), name="a.yaml")


def test_the_loader_imports_nothing_from_django() -> None:
    tree = ast.parse(Path(scenario_files.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    # socialu.contentfiles is pure too (an import-linter contract keeps it so).
    assert not [name for name in imported if name.startswith(("django", "socialu")) and name != "socialu.contentfiles"]
