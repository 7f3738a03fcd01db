"""The content-file loader: typed models from YAML or JSON, every problem with file, line, field and what to do."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import AfterValidator, Field

import socialu.contentfiles
from socialu.contentfiles import ContentFileError, ContentModel, LineMap, line_of, load, load_document


def _known(value: str) -> str:
    if value not in {"block", "warn"}:
        raise ValueError(f"{value!r} is not a severity; use block or warn")
    return value


class Rule(ContentModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Use lower-case words joined by hyphens.")
    severity: Annotated[str, AfterValidator(_known)]
    phrases: list[str] = Field(min_length=1, description="List at least one phrase to look for.")


class RuleSet(ContentModel):
    name: str
    rules: list[Rule]


GOOD = """\
name: House rules
rules:
  - id: no-secrets
    severity: block
    phrases: [password, secret]
  - id: tone
    severity: warn
    phrases: [whatever]
"""


def test_a_good_file_becomes_the_model() -> None:
    rules = load(RuleSet, GOOD, file="rules.yaml")

    assert rules.name == "House rules"
    assert [rule.id for rule in rules.rules] == ["no-secrets", "tone"]
    assert rules.rules[1].phrases == ["whatever"]


def test_every_problem_names_file_line_field_and_what_to_do() -> None:
    broken = GOOD.replace("severity: warn", "severity: shout").replace("id: no-secrets", "id: No Secrets")

    with pytest.raises(ContentFileError) as error:
        load(RuleSet, broken, file="rules.yaml")

    problems = {(p.line, p.field): p.message for p in error.value.problems}
    assert problems == {
        (3, "rules[0].id"): "'No Secrets' is not in the right form. Use lower-case words joined by hyphens.",
        (7, "rules[1].severity"): "'shout' is not a severity; use block or warn.",
    }
    assert str(error.value).splitlines()[0].startswith("rules.yaml:3: rules[0].id: ")


def test_an_unknown_key_suggests_the_one_meant() -> None:
    with pytest.raises(ContentFileError) as error:
        load(RuleSet, GOOD.replace("    phrases: [whatever]", "    phrase: [whatever]"), file="rules.yaml")

    messages = {(p.line, p.field): p.message for p in error.value.problems}
    assert messages[(8, "rules[1].phrase")] == "unknown field. Did you mean 'phrases'?"
    assert messages[(6, "rules[1].phrases")].startswith("is required; add it. List at least one phrase")


def test_yaml_that_cannot_be_parsed_names_its_line() -> None:
    with pytest.raises(ContentFileError) as error:
        load(RuleSet, "name: x\nrules: [\n", file="rules.yaml")

    [problem] = error.value.problems
    assert problem.file == "rules.yaml" and problem.line == 3
    assert "not valid YAML" in problem.message


def test_bytes_that_are_not_utf8_name_the_line() -> None:
    with pytest.raises(ContentFileError) as error:
        load(RuleSet, "name: x\nrules: []\n# Caf\xe9\n".encode("latin-1"), file="rules.yaml")

    [problem] = error.value.problems
    assert problem.line == 3
    assert "not UTF-8" in problem.message and "Save it as UTF-8" in problem.message


def test_json_is_read_when_allowed() -> None:
    rules = load(RuleSet, '{"name": "x", "rules": []}', file="rules.json", json_allowed=True)

    assert rules.rules == []
    with pytest.raises(ContentFileError, match=r"rules.json:1: this is not valid JSON"):
        load(RuleSet, '{"name": "x",}', file="rules.json", json_allowed=True)


def test_lines_are_remembered_for_checks_a_model_cannot_make() -> None:
    document = load_document(GOOD, file="rules.yaml")

    assert isinstance(document, LineMap)
    assert line_of(document, ["rules", 1, "phrases", 0]) == 8
    assert line_of(document, ["rules", 1]) == 6
    assert line_of(document, ["nowhere"]) == 1


def test_the_package_imports_nothing_from_django_or_the_rest_of_socialu() -> None:
    folder = Path(socialu.contentfiles.__file__).parent
    imported: set[str] = set()
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    outside = [
        name
        for name in imported
        if name.startswith(("django", "socialu")) and not name.startswith("socialu.contentfiles")
    ]
    assert outside == []
