"""Turn an assessment's scores into a training mix and next steps.

The rules are data (``recommendations.yaml``); this module only evaluates them
and explains which answers led to each recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from socialu.readiness.scoring import AssessmentScore, Response

RECOMMENDED = "recommended"
OPTIONAL = "optional"
NOT_NEEDED = "not_needed"


class RulesError(ValueError):
    """The recommendation rules are malformed; the message names the rule."""


@dataclass(frozen=True)
class Condition:
    question: str = ""
    audience: str = ""
    index: bool = False
    disagreements: bool = False
    at_most: float | None = None
    at_least: float | None = None


@dataclass(frozen=True)
class FormatRule:
    slug: str
    title: str
    description: str
    recommended_when: tuple[Condition, ...]
    optional_when: tuple[Condition, ...]


@dataclass(frozen=True)
class StepRule:
    slug: str
    text: str
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Rules:
    training_mix: tuple[FormatRule, ...]
    next_steps: tuple[StepRule, ...]


@dataclass(frozen=True)
class FormatRecommendation:
    slug: str
    title: str
    description: str
    status: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    slug: str
    text: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Recommendations:
    training_mix: tuple[FormatRecommendation, ...]
    next_steps: tuple[NextStep, ...]


def _conditions(raw: Any, where: str) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping) or not isinstance(raw.get("any"), list):
        raise RulesError(f"{where}: expected a mapping with a list under 'any'.")
    conditions = []
    for number, item in enumerate(raw["any"], 1):
        if not isinstance(item, Mapping):
            raise RulesError(f"{where}, condition {number}: expected a mapping.")
        unknown = set(item) - {"question", "audience", "index", "disagreements", "at_most", "at_least"}
        if unknown:
            raise RulesError(f"{where}, condition {number}: unknown keys {sorted(unknown)}.")
        if ("at_most" in item) == ("at_least" in item):
            raise RulesError(f"{where}, condition {number}: give exactly one of at_most or at_least.")
        if sum(bool(item.get(key)) for key in ("question", "index", "disagreements")) != 1:
            raise RulesError(f"{where}, condition {number}: name exactly one of question, index or disagreements.")
        conditions.append(
            Condition(
                question=str(item.get("question", "")),
                audience=str(item.get("audience", "")),
                index=bool(item.get("index", False)),
                disagreements=bool(item.get("disagreements", False)),
                at_most=float(item["at_most"]) if "at_most" in item else None,
                at_least=float(item["at_least"]) if "at_least" in item else None,
            )
        )
    return tuple(conditions)


def load_rules(text: str) -> Rules:
    """Return the rules in the YAML *text*, or raise RulesError naming the bad rule."""
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise RulesError("The rules must be a mapping with training_mix and next_steps.")
    formats = tuple(
        FormatRule(
            slug=item["slug"],
            title=item["title"],
            description=item.get("description", ""),
            recommended_when=_conditions(item.get("recommended_when"), f"training_mix {item['slug']} recommended_when"),
            optional_when=_conditions(item.get("optional_when"), f"training_mix {item['slug']} optional_when"),
        )
        for item in data.get("training_mix", [])
    )
    steps = tuple(
        StepRule(slug=item["slug"], text=item["text"], when=_conditions(item.get("when"), f"next_steps {item['slug']}"))
        for item in data.get("next_steps", [])
    )
    return Rules(training_mix=formats, next_steps=steps)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """Return the rules shipped with SocialU."""
    return load_rules((resources.files("socialu.readiness") / "recommendations.yaml").read_text(encoding="utf-8"))


def _audience_mean(responses: Sequence[Response], question: str, audience: str) -> float | None:
    values = [
        value
        for response in responses
        if response.audience == audience and (value := response.answers.get(question)) is not None
    ]
    return sum(values) / len(values) if values else None


def _evaluate(condition: Condition, score: AssessmentScore, responses: Sequence[Response]) -> tuple[bool, str]:
    if condition.index:
        value: float | None = score.index
        label = "The readiness index"
    elif condition.disagreements:
        value = float(len({d.question for d in score.disagreements}))
        label = "The number of questions with disagreement"
    elif condition.audience:
        value = _audience_mean(responses, condition.question, condition.audience)
        question = score.question(condition.question)
        title = question.title if question else condition.question
        label = f"{title} among {condition.audience} respondents"
    else:
        question = score.question(condition.question)
        value = question.mean if question else None
        label = question.title if question else condition.question
    if value is None:
        return False, ""
    verb = "is" if condition.index or condition.disagreements else "averages"
    shown = f"{value:.0f}" if condition.disagreements else f"{value:.1f}"
    if condition.at_most is not None:
        return value <= condition.at_most, f"{label} {verb} {shown} (at most {condition.at_most:g})."
    assert condition.at_least is not None
    return value >= condition.at_least, f"{label} {verb} {shown} (at least {condition.at_least:g})."


def _held(conditions: Sequence[Condition], score: AssessmentScore, responses: Sequence[Response]) -> tuple[str, ...]:
    reasons = []
    for condition in conditions:
        holds, reason = _evaluate(condition, score, responses)
        if holds:
            reasons.append(reason)
    return tuple(reasons)


def recommend(score: AssessmentScore, responses: Sequence[Response], rules: Rules | None = None) -> Recommendations:
    """Return the training mix and next steps that *score* calls for, each with its reasons."""
    rules = rules or default_rules()
    mix = []
    for rule in rules.training_mix:
        reasons = _held(rule.recommended_when, score, responses)
        status = RECOMMENDED
        if not reasons:
            reasons = _held(rule.optional_when, score, responses)
            status = OPTIONAL if reasons else NOT_NEEDED
        mix.append(
            FormatRecommendation(
                slug=rule.slug, title=rule.title, description=rule.description, status=status, reasons=reasons
            )
        )
    steps = tuple(
        NextStep(slug=rule.slug, text=rule.text, reasons=reasons)
        for rule in rules.next_steps
        if (reasons := _held(rule.when, score, responses))
    )
    return Recommendations(training_mix=tuple(mix), next_steps=steps)
