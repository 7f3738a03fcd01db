"""Read, validate and write practice scenario files (``scenarios/<slug>.yaml``).

Pure Python: nothing here imports Django, so the shipped scenarios can be
checked by a test, an editor hook or the command line alike. The format is a
pydantic model (:class:`ScenarioModel`) read through ``socialu.contentfiles``;
every problem is reported as ``<file>:<line>: <field>: <what is wrong>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from socialu.contentfiles import ContentFileError, ContentModel, ContentProblem, LineMap, load_document, validate

PLATFORMS = ("x", "linkedin", "instagram", "facebook", "tiktok", "youtube")
ACCOUNT_KINDS = ("official", "personal")
AUDIENCES = ("leadership", "management", "practitioner", "infrastructure", "observer")
DIFFICULTIES = ("introductory", "intermediate", "advanced")
SITUATION_TYPES = (
    "customer-complaint",
    "unanswerable-question",
    "product-launch",
    "outage",
    "crisis",
    "troll",
    "misinformation",
    "angry-fair-customer",
    "competitor-jab",
    "recruiting",
    "thought-leadership",
    "employee-news",
    "sensitive-event",
)
AUTHOR_KINDS = ("customer", "prospect", "troll", "journalist", "competitor", "employee", "public")
CRITERIA = ("clarity", "tone", "policy_compliance", "helpfulness", "platform_fit")
BRIEF_WORDS = (80, 200)
GOOD_POINTS = (3, 6)
PITFALLS = (2, 5)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


class ScenarioFileError(ContentFileError):
    """A scenario file cannot be used; each problem names the file, the line and the field."""


@dataclass(frozen=True)
class ReplyingTo:
    """The post the learner answers, as it appears on the platform."""

    author: str
    author_kind: str
    text: str


@dataclass(frozen=True)
class Criterion:
    """What a 5 and a 1 look like for one rubric criterion in one scenario."""

    strong: str
    weak: str


@dataclass(frozen=True)
class ScenarioData:
    """One practice scenario as read from its file."""

    slug: str
    title: str
    platform: str
    account_kind: str
    audiences: tuple[str, ...]
    difficulty: str
    situation_type: str
    brief: str
    task: str
    good_looks_like: tuple[str, ...]
    pitfalls: tuple[str, ...]
    rubric: dict[str, Criterion]
    model_answer: str
    model_answer_notes: str
    replying_to: ReplyingTo | None = None
    policy_traps: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as plain data in the file's field order (``replying_to`` left out when empty)."""
        data: dict[str, Any] = {
            "slug": self.slug,
            "title": self.title,
            "platform": self.platform,
            "account_kind": self.account_kind,
            "audiences": list(self.audiences),
            "difficulty": self.difficulty,
            "situation_type": self.situation_type,
            "brief": self.brief,
            "task": self.task,
        }
        if self.replying_to is not None:
            data["replying_to"] = {
                "author": self.replying_to.author,
                "author_kind": self.replying_to.author_kind,
                "text": self.replying_to.text,
            }
        data["good_looks_like"] = list(self.good_looks_like)
        data["pitfalls"] = list(self.pitfalls)
        data["rubric"] = {name: {"strong": c.strong, "weak": c.weak} for name, c in self.rubric.items()}
        data["model_answer"] = self.model_answer
        data["model_answer_notes"] = self.model_answer_notes
        if self.policy_traps:
            data["policy_traps"] = list(self.policy_traps)
        return data


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return check


def _counted(bounds: tuple[int, int]) -> Callable[[list[str]], list[str]]:
    def check(values: list[str]) -> list[str]:
        if not bounds[0] <= len(values) <= bounds[1]:
            raise ValueError(f"give between {bounds[0]} and {bounds[1]} points (there are {len(values)})")
        return values

    return check


def _words(value: str) -> str:
    words = len(value.split())
    if not BRIEF_WORDS[0] <= words <= BRIEF_WORDS[1]:
        raise ValueError(f"write {BRIEF_WORDS[0]}–{BRIEF_WORDS[1]} words (it has {words})")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Points = Annotated[list[Text], AfterValidator(_counted(GOOD_POINTS))]


class _CriterionModel(ContentModel):
    strong: Text = Field(description="Describe an answer that scores 5.")
    weak: Text = Field(description="Describe an answer that scores 1.")


class _RubricModel(ContentModel):
    clarity: _CriterionModel
    tone: _CriterionModel
    policy_compliance: _CriterionModel
    helpfulness: _CriterionModel
    platform_fit: _CriterionModel

    @model_validator(mode="before")
    @classmethod
    def _in_order(cls, value: Any) -> Any:
        if isinstance(value, Mapping) and tuple(value) != CRITERIA:
            raise ValueError(f"must give exactly these criteria, in this order: {', '.join(CRITERIA)}")
        return value


class _ReplyingToModel(ContentModel):
    author: Text
    author_kind: Annotated[str, AfterValidator(_one_of(AUTHOR_KINDS))]
    text: Text


class ScenarioModel(ContentModel):
    """The fields of a scenario file, in the order they are written."""

    slug: str = Field(
        pattern=SLUG_PATTERN.pattern,
        max_length=MAX_SLUG_LENGTH,
        description="Use lower-case letters, digits and single hyphens (at most 80 characters), as in the file name.",
    )
    title: Text
    platform: Annotated[str, AfterValidator(_one_of(PLATFORMS))]
    account_kind: Annotated[str, AfterValidator(_one_of(ACCOUNT_KINDS))]
    audiences: Annotated[list[Annotated[str, AfterValidator(_one_of(AUDIENCES))]], AfterValidator(_counted((1, 5)))]
    difficulty: Annotated[str, AfterValidator(_one_of(DIFFICULTIES))]
    situation_type: Annotated[str, AfterValidator(_one_of(SITUATION_TYPES))]
    brief: Annotated[Text, AfterValidator(_words)]
    task: Text
    replying_to: _ReplyingToModel | None = None
    good_looks_like: Points
    pitfalls: Annotated[list[Text], AfterValidator(_counted(PITFALLS))]
    rubric: _RubricModel
    model_answer: Text
    model_answer_notes: Text
    policy_traps: list[Text] = Field(default_factory=list)


def _data(model: ScenarioModel) -> ScenarioData:
    replying = model.replying_to
    return ScenarioData(
        slug=model.slug,
        title=model.title,
        platform=model.platform,
        account_kind=model.account_kind,
        audiences=tuple(model.audiences),
        difficulty=model.difficulty,
        situation_type=model.situation_type,
        brief=model.brief,
        task=model.task,
        good_looks_like=tuple(model.good_looks_like),
        pitfalls=tuple(model.pitfalls),
        rubric={name: Criterion(**getattr(model.rubric, name).model_dump()) for name in CRITERIA},
        model_answer=model.model_answer,
        model_answer_notes=model.model_answer_notes,
        replying_to=ReplyingTo(**replying.model_dump()) if replying is not None else None,
        policy_traps=tuple(model.policy_traps),
    )


def parse_scenario(source: str | bytes, *, name: str = "scenario", expected_slug: str | None = None) -> ScenarioData:
    """Return the scenario in the YAML *source*; raise ``ScenarioFileError`` naming *name*, line and field."""
    try:
        document = load_document(source, file=name)
        if not isinstance(document, LineMap):
            problem = "the file must hold the scenario's fields (slug, title, platform…)"
            raise ContentFileError([ContentProblem(name, getattr(document, "line", 0), "", problem)])
        model = validate(ScenarioModel, document, file=name)
    except ContentFileError as error:
        raise ScenarioFileError(error.problems) from None
    if expected_slug is not None and model.slug != expected_slug:
        message = f"is {model.slug!r} but the file is named {expected_slug}.yaml: make them the same"
        raise ScenarioFileError([ContentProblem(name, document.line_of("slug"), "slug", message)])
    return _data(model)


def load_scenario_file(path: Path) -> ScenarioData:
    """Return the scenario in the file at *path*; its slug must match the file name."""
    try:
        source = path.read_bytes()
    except OSError as error:
        raise ScenarioFileError([ContentProblem(path.name, 0, "", f"cannot be read: {error.strerror}")]) from error
    return parse_scenario(source, name=path.name, expected_slug=path.stem)


def scenario_files(folder: Path) -> list[Path]:
    """Return the scenario files in *folder*, by name."""
    return sorted(path for path in folder.glob("*.yaml") if path.is_file())


def load_scenario_folder(folder: Path) -> list[ScenarioData]:
    """Return every scenario in *folder*; raise ``ScenarioFileError`` listing every file at fault."""
    if not folder.is_dir():
        raise ScenarioFileError([ContentProblem(str(folder), 0, "", "there is no such folder")])
    scenarios: list[ScenarioData] = []
    problems: list[ContentProblem] = []
    for path in scenario_files(folder):
        try:
            scenarios.append(load_scenario_file(path))
        except ScenarioFileError as error:
            problems.extend(error.problems)
    if problems:
        raise ScenarioFileError(problems)
    if not scenarios:
        raise ScenarioFileError(
            [ContentProblem(str(folder), 0, "", "there are no scenario files (*.yaml) in this folder")]
        )
    return scenarios


def shipped_folder() -> Path:
    """Return the folder of scenarios shipped with SocialU."""
    return Path(__file__).resolve().parent / "scenarios"


def dump_scenario(scenario: ScenarioData) -> str:
    """Return *scenario* as YAML that ``parse_scenario`` reads back to an equal scenario."""
    return _dump(scenario.to_dict())


class _BlockDumper(yaml.SafeDumper):
    """Write multi-line text as ``|`` blocks, so a scenario file stays easy to edit by hand."""


def _text_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text_representer)


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.dump(dict(data), Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


def situation_types_covered(scenarios: Iterable[ScenarioData]) -> set[str]:
    """Return the situation types the scenarios cover."""
    return {scenario.situation_type for scenario in scenarios}
