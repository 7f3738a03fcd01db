"""Recommendations follow the rule table and say which answers led to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialu.readiness.questions import default_questions
from socialu.readiness.recommending import (
    NOT_NEEDED,
    OPTIONAL,
    RECOMMENDED,
    RulesError,
    default_rules,
    load_rules,
    recommend,
)
from socialu.readiness.scoring import Response, score_assessment

_, QUESTIONS = default_questions()
DEFINITIONS = [question.definition() for question in QUESTIONS]


def answers(default: int, **overrides: int) -> dict[str, int | None]:
    values: dict[str, int | None] = {q.slug: default for q in QUESTIONS}
    values.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return values


def statuses(responses: list[Response]) -> dict[str, str]:
    result = recommend(score_assessment(DEFINITIONS, responses), responses)
    return {item.slug: item.status for item in result.training_mix}


def test_every_training_format_is_recommended_optional_or_not_needed() -> None:
    responses = [Response(respondent="a", answers=answers(3))]
    assert set(statuses(responses)) == {
        "executive-coaching",
        "custom-programme",
        "formal-classes",
        "workshops",
        "webinars",
        "conferences",
    }
    assert set(statuses(responses).values()) <= {RECOMMENDED, OPTIONAL, NOT_NEEDED}


def test_weak_training_answers_recommend_executive_coaching_with_the_reason() -> None:
    responses = [Response(respondent="a", answers=answers(4, training=1))]
    result = recommend(score_assessment(DEFINITIONS, responses), responses)
    coaching = next(item for item in result.training_mix if item.slug == "executive-coaching")
    assert coaching.status == RECOMMENDED
    assert "Training averages 1.0 (at most 2.5)." in coaching.reasons


def test_a_mature_organisation_needs_little() -> None:
    responses = [Response(respondent="a", answers=answers(5))]
    result = statuses(responses)
    assert result["executive-coaching"] == NOT_NEEDED
    assert result["conferences"] == RECOMMENDED
    assert recommend(score_assessment(DEFINITIONS, responses), responses).next_steps == ()


def test_a_weak_policy_calls_for_writing_one_before_training() -> None:
    responses = [Response(respondent="a", answers=answers(4, policy=1))]
    steps = recommend(score_assessment(DEFINITIONS, responses), responses).next_steps
    assert [step.slug for step in steps] == ["write-policy"]
    assert steps[0].reasons == ("Policy averages 1.0 (at most 2.5).",)


def test_conditions_can_look_at_one_audience_only() -> None:
    responses = [
        Response(respondent="l", answers=answers(4, training=3), audience="leadership"),
        Response(respondent="p", answers=answers(4, training=5), audience="practitioner"),
    ]
    result = recommend(score_assessment(DEFINITIONS, responses), responses)
    coaching = next(item for item in result.training_mix if item.slug == "executive-coaching")
    assert coaching.status == RECOMMENDED
    assert coaching.reasons == ("Training among leadership respondents averages 3.0 (at most 3).",)


def test_malformed_rules_are_refused_naming_the_rule() -> None:
    bad = (
        "training_mix:\n"
        "  - slug: webinars\n"
        "    title: Webinars\n"
        "    recommended_when:\n"
        "      any:\n"
        "        - {question: policy}\n"
    )
    with pytest.raises(RulesError, match="training_mix webinars recommended_when, condition 1"):
        load_rules(bad)


def test_the_documentation_lists_every_rule() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "readiness-scoring.md").read_text(encoding="utf-8")
    rules = default_rules()
    slugs = [item.slug for item in rules.training_mix] + [item.slug for item in rules.next_steps]
    for slug in slugs:
        assert f"`{slug}`" in docs, f"docs/readiness-scoring.md does not describe {slug}"
