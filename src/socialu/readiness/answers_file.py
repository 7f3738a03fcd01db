"""Read an answers file (YAML or JSON) for ``socialu readiness score``.

The file holds a list ``respondents``; each has an optional ``audience`` and
``unit`` (and an optional ``name``) and a mapping ``answers`` from question key
(``goals``, ``platform_fit`` …) to a whole number from 1 to 5. Every problem is
collected and reported together, naming the respondent (``respondents[0]`` is
respondent 1) and the key, so a file can be fixed in one go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from socialu.contentfiles import ContentFileError, load_document
from socialu.readiness.questions import ReadinessQuestion, public_key
from socialu.readiness.scoring import SCALE_MAX, SCALE_MIN, Response

__all__ = ["AnswersFileError", "FileProblem", "parse_answers"]

_RESPONDENT_FIELDS = {"name", "audience", "unit", "answers"}


@dataclass(frozen=True)
class FileProblem:
    respondent: int | None  # 1-based; None for a problem with the whole file
    key: str  # the question key or field the problem is about ("" when none)
    message: str

    @property
    def index(self) -> int | None:
        """Return the respondent's position in the ``respondents`` list (0-based)."""
        return None if self.respondent is None else self.respondent - 1

    def __str__(self) -> str:
        if self.respondent is None:
            return self.message
        where = f"respondents[{self.index}] (respondent {self.respondent})"
        return f"{where}, {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"respondent": self.respondent, "index": self.index, "key": self.key, "message": str(self)}


class AnswersFileError(ValueError):
    """The answers file cannot be scored; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _load(text: str | bytes, filename: str) -> Any:
    try:
        return load_document(text, file=filename or "the answers file", json_allowed=True, keep_lines=False)
    except ContentFileError as error:
        raise AnswersFileError([FileProblem(None, "", str(problem)) for problem in error.problems]) from None


def _value_problem(value: Any) -> str:
    """Return why *value* is not an answer, or "" when it is one."""
    if value is None:
        return f"the answer is missing; give a whole number from {SCALE_MIN} to {SCALE_MAX}."
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{value!r} is not a whole number; give a whole number from {SCALE_MIN} to {SCALE_MAX}."
    if not SCALE_MIN <= value <= SCALE_MAX:
        return f"{value} is out of range; give a whole number from {SCALE_MIN} to {SCALE_MAX}."
    return ""


def _respondent(
    number: int, item: Any, keys: Mapping[str, str], *, allow_missing: bool, problems: list[FileProblem]
) -> Response | None:
    if not isinstance(item, Mapping):
        problems.append(FileProblem(number, "", "expected a mapping with `answers` (and optional audience and unit)."))
        return None
    for field in sorted(set(map(str, item)) - _RESPONDENT_FIELDS):
        problems.append(FileProblem(number, field, "unknown field; use answers, audience, unit or name."))
    texts: dict[str, str] = {}
    for field in ("audience", "unit", "name"):
        value = item.get(field)
        if value is not None and not isinstance(value, str | int):
            problems.append(FileProblem(number, field, "expected text."))
        texts[field] = "" if value is None else str(value).strip()
    answers = item.get("answers")
    if not isinstance(answers, Mapping) or not answers:
        problems.append(FileProblem(number, "answers", "no answers; add a mapping from question key to 1–5."))
        return None
    cleaned: dict[str, int | None] = {}
    before = len(problems)
    for raw_key, value in answers.items():
        key = str(raw_key)
        if key not in keys:
            hint = f" Did you mean {public_key(key)}?" if public_key(key) in keys else ""
            problems.append(FileProblem(number, key, f"unknown question.{hint} The questions are: {', '.join(keys)}."))
            continue
        reason = _value_problem(value)
        if reason:
            problems.append(FileProblem(number, key, reason))
            continue
        cleaned[keys[key]] = value
    missing = [key for key in keys if key not in map(str, answers)]
    if missing and not allow_missing:
        problems.append(
            FileProblem(
                number,
                ", ".join(missing),
                "no answer; answer every question from 1 to 5 (or allow unanswered questions with --allow-missing).",
            )
        )
    if len(problems) > before:
        return None
    return Response(
        respondent=texts["name"] or str(number), answers=cleaned, audience=texts["audience"], unit=texts["unit"]
    )


def parse_answers(
    text: str | bytes,
    *,
    questions: Sequence[ReadinessQuestion],
    filename: str = "",
    allow_missing: bool = False,
) -> list[Response]:
    """Return one scoring response per respondent in the file; raise AnswersFileError listing every problem."""
    data = _load(text, filename)
    if not isinstance(data, Mapping) or "respondents" not in data:
        raise AnswersFileError([FileProblem(None, "", "The file must be a mapping with a list under `respondents`.")])
    items = data["respondents"]
    if not isinstance(items, list):
        raise AnswersFileError([FileProblem(None, "respondents", "`respondents` must be a list.")])
    if not items:
        raise AnswersFileError(
            [FileProblem(None, "respondents", "The file has no respondents: add at least one under `respondents`.")]
        )
    keys = {public_key(q.slug): q.slug for q in questions}
    problems: list[FileProblem] = []
    responses = [
        _respondent(number, item, keys, allow_missing=allow_missing, problems=problems)
        for number, item in enumerate(items, 1)
    ]
    if problems:
        raise AnswersFileError(problems)
    return [response for response in responses if response is not None]
