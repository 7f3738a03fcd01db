"""Read, validate and write practice scenario files (``scenarios/<slug>.yaml``).

Pure Python: nothing here imports Django, so the shipped scenarios can be
checked by a test, an editor hook or the command line alike. Every problem is
reported as ``<file>: line <n>: <field>: <what is wrong>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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

_REQUIRED = (
    "slug",
    "title",
    "platform",
    "account_kind",
    "audiences",
    "difficulty",
    "situation_type",
    "brief",
    "task",
    "good_looks_like",
    "pitfalls",
    "rubric",
    "model_answer",
    "model_answer_notes",
)
_OPTIONAL = ("replying_to", "policy_traps")


class ScenarioFileError(ValueError):
    """A scenario file cannot be used; the message names the file, the line and the field."""


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


class _Reader:
    """Read one mapping, remembering the file name and the line of each top-level key."""

    def __init__(self, name: str, lines: Mapping[str, int]) -> None:
        self.name = name
        self.lines = lines

    def fail(self, path: str, problem: str) -> ScenarioFileError:
        top = path.split(".", 1)[0].split("[", 1)[0]
        line = self.lines.get(top)
        where = f"line {line}: " if line else ""
        return ScenarioFileError(f"{self.name}: {where}{path}: {problem}")

    def text(self, data: Mapping[str, Any], key: str, path: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "write some text here" if value in (None, "") else "must be text")
        return value.strip()

    def choice(self, data: Mapping[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
        value = self.text(data, key, path)
        if value not in choices:
            raise self.fail(path, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def texts(self, data: Mapping[str, Any], key: str, path: str, bounds: tuple[int, int] | None) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list):
            raise self.fail(path, "must be a list")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{path}[{index}]", "must be text")
        if bounds is not None and not bounds[0] <= len(value) <= bounds[1]:
            raise self.fail(path, f"give between {bounds[0]} and {bounds[1]} points (there are {len(value)})")
        return tuple(item.strip() for item in value)


def _key_lines(source: str) -> dict[str, int]:
    """Return the line (1-based) of each top-level key, or an empty mapping when the YAML is not a mapping."""
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def parse_scenario(source: str, *, name: str = "scenario", expected_slug: str | None = None) -> ScenarioData:
    """Return the scenario in the YAML *source*; raise ``ScenarioFileError`` naming *name*, line and field."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "it cannot be read"
        raise ScenarioFileError(f"{name}: {where}not valid YAML: {problem}") from None
    reader = _Reader(name, _key_lines(source))
    if not isinstance(data, dict):
        raise ScenarioFileError(f"{name}: the file must hold the scenario's fields (slug, title, platform…)")
    unknown = sorted(str(key) for key in data if key not in _REQUIRED + _OPTIONAL)
    if unknown:
        raise reader.fail(unknown[0], f"is not a scenario field (the fields are {', '.join(_REQUIRED + _OPTIONAL)})")
    for key in _REQUIRED:
        if key not in data:
            raise ScenarioFileError(f"{name}: {key}: is required")
    slug = reader.text(data, "slug", "slug")
    if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise reader.fail("slug", "use lower-case letters, digits and single hyphens (at most 80 characters)")
    if expected_slug is not None and slug != expected_slug:
        raise reader.fail("slug", f"is {slug!r} but the file is named {expected_slug}.yaml: make them the same")
    brief = reader.text(data, "brief", "brief")
    words = len(brief.split())
    if not BRIEF_WORDS[0] <= words <= BRIEF_WORDS[1]:
        raise reader.fail("brief", f"write {BRIEF_WORDS[0]}–{BRIEF_WORDS[1]} words (it has {words})")
    audiences = reader.texts(data, "audiences", "audiences", (1, len(AUDIENCES)))
    for index, audience in enumerate(audiences):
        if audience not in AUDIENCES:
            raise reader.fail(f"audiences[{index}]", f"{audience!r} is not one of {', '.join(AUDIENCES)}")
    return ScenarioData(
        slug=slug,
        title=reader.text(data, "title", "title"),
        platform=reader.choice(data, "platform", "platform", PLATFORMS),
        account_kind=reader.choice(data, "account_kind", "account_kind", ACCOUNT_KINDS),
        audiences=audiences,
        difficulty=reader.choice(data, "difficulty", "difficulty", DIFFICULTIES),
        situation_type=reader.choice(data, "situation_type", "situation_type", SITUATION_TYPES),
        brief=brief,
        task=reader.text(data, "task", "task"),
        good_looks_like=reader.texts(data, "good_looks_like", "good_looks_like", GOOD_POINTS),
        pitfalls=reader.texts(data, "pitfalls", "pitfalls", PITFALLS),
        rubric=_rubric(reader, data.get("rubric")),
        model_answer=reader.text(data, "model_answer", "model_answer"),
        model_answer_notes=reader.text(data, "model_answer_notes", "model_answer_notes"),
        replying_to=_replying_to(reader, data.get("replying_to")),
        policy_traps=reader.texts(data, "policy_traps", "policy_traps", None) if "policy_traps" in data else (),
    )


def _rubric(reader: _Reader, value: object) -> dict[str, Criterion]:
    if not isinstance(value, dict):
        raise reader.fail("rubric", f"must give the five criteria: {', '.join(CRITERIA)}")
    if tuple(value) != CRITERIA:
        raise reader.fail("rubric", f"must give exactly these criteria, in this order: {', '.join(CRITERIA)}")
    rubric: dict[str, Criterion] = {}
    for name in CRITERIA:
        criterion = value[name]
        if not isinstance(criterion, dict) or set(criterion) != {"strong", "weak"}:
            raise reader.fail(f"rubric.{name}", "must have exactly two fields, strong and weak")
        rubric[name] = Criterion(
            strong=reader.text(criterion, "strong", f"rubric.{name}.strong"),
            weak=reader.text(criterion, "weak", f"rubric.{name}.weak"),
        )
    return rubric


def _replying_to(reader: _Reader, value: object) -> ReplyingTo | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"author", "author_kind", "text"}:
        raise reader.fail("replying_to", "must have exactly three fields: author, author_kind and text")
    return ReplyingTo(
        author=reader.text(value, "author", "replying_to.author"),
        author_kind=reader.choice(value, "author_kind", "replying_to.author_kind", AUTHOR_KINDS),
        text=reader.text(value, "text", "replying_to.text"),
    )


def load_scenario_file(path: Path) -> ScenarioData:
    """Return the scenario in the file at *path*; its slug must match the file name."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(f"{path.name}: cannot be read: {error}") from error
    return parse_scenario(source, name=path.name, expected_slug=path.stem)


def scenario_files(folder: Path) -> list[Path]:
    """Return the scenario files in *folder*, by name."""
    return sorted(path for path in folder.glob("*.yaml") if path.is_file())


def load_scenario_folder(folder: Path) -> list[ScenarioData]:
    """Return every scenario in *folder*; raise ``ScenarioFileError`` listing every file at fault."""
    if not folder.is_dir():
        raise ScenarioFileError(f"{folder}: there is no such folder")
    scenarios: list[ScenarioData] = []
    problems: list[str] = []
    for path in scenario_files(folder):
        try:
            scenarios.append(load_scenario_file(path))
        except ScenarioFileError as error:
            problems.append(str(error))
    if problems:
        raise ScenarioFileError("\n".join(problems))
    if not scenarios:
        raise ScenarioFileError(f"{folder}: there are no scenario files (*.yaml) in this folder")
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
