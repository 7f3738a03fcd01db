"""Readiness scoring rules: bounded, monotone, order-blind, and honest about disagreement."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socialu.readiness.questions import default_questions
from socialu.readiness.scoring import (
    LEVELS,
    QuestionDefinition,
    Response,
    compare,
    level_for,
    score_assessment,
)

_, QUESTIONS = default_questions()
DEFINITIONS = [question.definition() for question in QUESTIONS]
SLUGS = [question.slug for question in QUESTIONS]

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
responses_strategy = st.lists(
    st.builds(
        lambda values, audience: Response(
            respondent="r", answers=dict(zip(SLUGS, values, strict=True)), audience=audience
        ),
        st.lists(answer, min_size=len(SLUGS), max_size=len(SLUGS)),
        st.sampled_from(["leadership", "management", "practitioner"]),
    ),
    min_size=1,
    max_size=12,
)


def everyone_answers(value: int, count: int = 3) -> list[Response]:
    return [Response(respondent=f"r{i}", answers=dict.fromkeys(SLUGS, value)) for i in range(count)]


def test_the_ten_questions_each_have_descriptors_at_one_three_and_five() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 11))
    assert all(set(q.descriptors) == {1, 3, 5} and all(q.descriptors.values()) for q in QUESTIONS)


def test_all_ones_score_zero_and_all_fives_score_one_hundred() -> None:
    assert score_assessment(DEFINITIONS, everyone_answers(1)).index == 0
    assert score_assessment(DEFINITIONS, everyone_answers(5)).index == 100
    assert score_assessment(DEFINITIONS, everyone_answers(3)).index == 50


def test_question_scores_report_mean_spread_and_distribution() -> None:
    responses = [Response(respondent=str(v), answers={"goals": v}) for v in (1, 3, 5, 5)]
    goals = score_assessment(DEFINITIONS, responses).question("goals")
    assert goals is not None
    assert goals.mean == 3.5
    assert goals.distribution == (1, 0, 1, 0, 2)
    assert round(goals.spread, 3) == 1.658
    assert goals.answered == 4


def test_unanswered_questions_do_not_count_against_the_index() -> None:
    responses = [Response(respondent="a", answers={"goals": 5, "policy": None})]
    result = score_assessment(DEFINITIONS, responses)
    assert result.index == 100
    assert result.question("policy") is None


def test_heavier_questions_move_the_index_more() -> None:
    weighted = [
        QuestionDefinition("goals", "Goals", "direction", weight=3),
        QuestionDefinition("policy", "Policy", "governance", weight=1),
    ]
    responses = [Response(respondent="a", answers={"goals": 5, "policy": 1})]
    assert score_assessment(weighted, responses).index == 75


def test_levels_cover_the_whole_range_in_four_bands() -> None:
    assert len(LEVELS) == 4
    assert [level_for(x).slug for x in (0, 39.9, 40, 59.9, 60, 79.9, 80, 100)] == [
        "getting-started",
        "getting-started",
        "building",
        "building",
        "scaling",
        "scaling",
        "leading",
        "leading",
    ]


def test_a_wide_spread_of_answers_is_flagged() -> None:
    responses = [Response(respondent=str(v), answers={"ownership": v}) for v in (1, 1, 5, 5)]
    flagged = score_assessment(DEFINITIONS, responses).disagreements
    assert [d.kind for d in flagged] == ["spread"]
    assert "answers run from 1 to 5" in flagged[0].message


def test_audiences_that_disagree_are_named() -> None:
    responses = [
        Response(respondent="l1", answers={"ownership": 5}, audience="leadership"),
        Response(respondent="l2", answers={"ownership": 4}, audience="leadership"),
        Response(respondent="p1", answers={"ownership": 2}, audience="practitioner"),
        Response(respondent="p2", answers={"ownership": 2}, audience="practitioner"),
    ]
    flagged = [d for d in score_assessment(DEFINITIONS, responses).disagreements if d.kind == "audience"]
    assert len(flagged) == 1
    assert (
        flagged[0].message
        == "Leadership and practitioner disagree on ownership: leadership mean 4.5, practitioner 2.0."
    )


def test_agreement_is_not_flagged() -> None:
    assert score_assessment(DEFINITIONS, everyone_answers(4, count=6)).disagreements == ()


def test_the_trend_compares_with_the_previous_assessment() -> None:
    before = score_assessment(DEFINITIONS, everyone_answers(2))
    after = score_assessment(DEFINITIONS, everyone_answers(4))
    trend = compare(after, before)
    assert trend.index_change == 50
    assert trend.question_changes["policy"] == 50
    assert set(trend.dimension_changes) == {"direction", "audience", "organisation", "governance", "capability"}


@given(responses_strategy)
def test_the_index_is_always_between_zero_and_one_hundred(responses: list[Response]) -> None:
    assert 0 <= score_assessment(DEFINITIONS, responses).index <= 100


@given(responses_strategy, st.randoms(use_true_random=False))
def test_the_order_of_respondents_does_not_change_the_scores(responses: list[Response], rng: object) -> None:
    shuffled = list(responses)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = score_assessment(DEFINITIONS, responses), score_assessment(DEFINITIONS, shuffled)
    assert abs(first.index - second.index) < 1e-9
    assert {q.slug: round(q.mean, 9) for q in first.questions} == {q.slug: round(q.mean, 9) for q in second.questions}


@given(responses_strategy, st.data())
def test_raising_any_answer_never_lowers_the_index(responses: list[Response], data: st.DataObject) -> None:
    who = data.draw(st.integers(min_value=0, max_value=len(responses) - 1))
    answered = [slug for slug, value in responses[who].answers.items() if value is not None and value < 5]
    if not answered:
        return
    slug = data.draw(st.sampled_from(answered))
    raised = list(responses)
    answers = dict(raised[who].answers)
    answers[slug] = answers[slug] + 1  # type: ignore[operator]
    raised[who] = Response(respondent="r", answers=answers, audience=raised[who].audience)
    assert score_assessment(DEFINITIONS, raised).index >= score_assessment(DEFINITIONS, responses).index - 1e-9


weights_strategy = st.lists(
    st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False),
    min_size=len(SLUGS),
    max_size=len(SLUGS),
)


def _weighted(weights: list[float]) -> list[QuestionDefinition]:
    return [question.definition(weight) for question, weight in zip(QUESTIONS, weights, strict=True)]


@given(responses_strategy, weights_strategy)
def test_with_any_weights_the_index_stays_between_zero_and_one_hundred(
    responses: list[Response], weights: list[float]
) -> None:
    assert -1e-9 <= score_assessment(_weighted(weights), responses).index <= 100 + 1e-9


@given(responses_strategy, weights_strategy, st.randoms(use_true_random=False))
def test_with_any_weights_the_order_of_respondents_does_not_matter(
    responses: list[Response], weights: list[float], rng: object
) -> None:
    shuffled = list(responses)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    definitions = _weighted(weights)
    assert abs(score_assessment(definitions, responses).index - score_assessment(definitions, shuffled).index) < 1e-9


@given(responses_strategy, weights_strategy, st.data())
def test_with_any_weights_raising_an_answer_never_lowers_the_index(
    responses: list[Response], weights: list[float], data: st.DataObject
) -> None:
    who = data.draw(st.integers(min_value=0, max_value=len(responses) - 1))
    answered = [slug for slug, value in responses[who].answers.items() if value is not None and value < 5]
    if not answered:
        return
    slug = data.draw(st.sampled_from(answered))
    raised = list(responses)
    answers = dict(raised[who].answers)
    answers[slug] = answers[slug] + 1  # type: ignore[operator]
    raised[who] = Response(respondent="r", answers=answers, audience=raised[who].audience)
    definitions = _weighted(weights)
    assert score_assessment(definitions, raised).index >= score_assessment(definitions, responses).index - 1e-9


@given(responses_strategy, weights_strategy, st.floats(min_value=0.1, max_value=50))
def test_scaling_every_weight_together_changes_nothing(
    responses: list[Response], weights: list[float], factor: float
) -> None:
    first = score_assessment(_weighted(weights), responses).index
    second = score_assessment(_weighted([w * factor for w in weights]), responses).index
    assert abs(first - second) < 1e-6


def test_a_weight_of_zero_or_less_is_refused() -> None:
    for weight in (0.0, -1.0, float("nan")):
        try:
            score_assessment([QuestionDefinition("goals", "Goals", "direction", weight=weight)], everyone_answers(3))
        except ValueError as error:
            assert "above zero" in str(error)
        else:
            raise AssertionError(f"weight {weight} was accepted")


def test_an_organisation_specific_question_forms_its_own_dimension() -> None:
    definitions = [*DEFINITIONS, QuestionDefinition("crisis-drills", "Crisis drills", "organisation-specific", 2)]
    responses = [Response(respondent="a", answers={**dict.fromkeys(SLUGS, 3), "crisis-drills": 5})]
    result = score_assessment(definitions, responses)
    assert {d.slug: d.mean for d in result.dimensions}["organisation-specific"] == 5
    assert result.index == (10 * 50 + 2 * 100) / 12


def test_unit_groups_are_compared_and_small_groups_are_left_out_when_anonymous() -> None:
    from socialu.readiness.scoring import ANONYMOUS_THRESHOLDS

    responses = [
        Response(respondent="s1", answers={"policy": 5}, unit="Sales"),
        Response(respondent="s2", answers={"policy": 5}, unit="Sales"),
        Response(respondent="s3", answers={"policy": 4}, unit="Sales"),
        Response(respondent="o1", answers={"policy": 1}, unit="Operations"),
        Response(respondent="o2", answers={"policy": 2}, unit="Operations"),
    ]
    named = [d for d in score_assessment(DEFINITIONS, responses).disagreements if d.kind == "unit"]
    hidden = [
        d for d in score_assessment(DEFINITIONS, responses, ANONYMOUS_THRESHOLDS).disagreements if d.kind == "unit"
    ]
    assert named[0].message == "Sales and Operations disagree on policy: Sales mean 4.7, Operations 1.5."
    assert [(g.name, g.answered) for g in named[0].groups] == [("Operations", 2), ("Sales", 3)]
    assert hidden == []  # Operations has only two answers
