"""When a review passes: mean ≥ 3.5, no criterion at 1, policy compliance ≥ 3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialu.practice import scoring

ALL_FOUR = dict.fromkeys(scoring.CRITERIA, 4)


@pytest.mark.parametrize(
    ("changes", "passed"),
    [
        ({}, True),
        ({"clarity": 3, "tone": 3, "helpfulness": 4, "platform_fit": 4, "policy_compliance": 4}, True),  # mean 3.6
        ({"clarity": 3, "tone": 3, "helpfulness": 3, "platform_fit": 4, "policy_compliance": 4}, False),  # mean 3.4
        ({"clarity": 5, "tone": 5, "helpfulness": 5, "platform_fit": 1, "policy_compliance": 5}, False),  # a 1
        ({"clarity": 5, "tone": 5, "helpfulness": 5, "platform_fit": 5, "policy_compliance": 2}, False),  # policy
        ({"clarity": 3, "tone": 4, "helpfulness": 3, "platform_fit": 4, "policy_compliance": 3}, False),  # 3.4
        ({"clarity": 4, "tone": 4, "helpfulness": 3, "platform_fit": 3, "policy_compliance": 3}, False),  # 3.4
        ({"clarity": 4, "tone": 4, "helpfulness": 4, "platform_fit": 3, "policy_compliance": 3}, True),  # 3.6
    ],
)
def test_the_pass_rule(changes: dict[str, int], passed: bool) -> None:
    assert scoring.outcome({**ALL_FOUR, **changes}).passed is passed


def test_a_failed_review_says_why() -> None:
    result = scoring.outcome({**ALL_FOUR, "tone": 1, "policy_compliance": 2})
    assert result.mean == 3.0
    assert len(result.reasons) == 3
    assert any("Tone scored 1" in reason for reason in result.reasons)


@given(st.fixed_dictionaries({name: st.integers(1, 5) for name in scoring.CRITERIA}))
def test_pass_means_every_condition_holds(scores: dict[str, int]) -> None:
    result = scoring.outcome(scores)
    expected = (
        sum(scores.values()) / 5 >= scoring.PASS_MEAN
        and min(scores.values()) >= scoring.PASS_MIN_ANY
        and scores["policy_compliance"] >= scoring.PASS_MIN_POLICY
    )
    assert result.passed is expected
    assert result.passed is (not result.reasons)


def test_scores_out_of_range_are_named() -> None:
    problems = scoring.score_problems({**ALL_FOUR, "tone": 0, "clarity": True})
    assert set(problems) == {"tone", "clarity"}
