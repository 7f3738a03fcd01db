"""The checker on 152 labelled posts written for SocialU: per-category precision and recall.

The figures are printed by ``python -m tests.policycheck.evaluate``; this test
keeps them from slipping. Each category must be right at least four times in
five both ways, and the pass/flag verdict right on nine posts in ten.
"""

from __future__ import annotations

import pytest

from tests.policycheck.evaluate import CATEGORIES, Evaluation, evaluate, load_posts


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate()


def test_the_set_is_large_enough_and_about_half_of_it_passes() -> None:
    _, posts = load_posts()
    passing = [post for post in posts if not post["expect"]]
    assert len(posts) >= 150
    assert 0.45 <= len(passing) / len(posts) <= 0.55


def test_every_category_is_represented() -> None:
    _, posts = load_posts()
    labelled = {category for post in posts for category in post["expect"]}
    assert labelled == set(CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_is_caught_and_rarely_raised_in_error(evaluation: Evaluation, category: str) -> None:
    score = evaluation.scores[category]
    assert score.recall >= 0.8, f"{category} missed: {score.misses}"
    assert score.precision >= 0.75, f"{category} raised in error: {score.false_alarms}"


def test_the_pass_or_flag_verdict_is_right_on_nine_posts_in_ten(evaluation: Evaluation) -> None:
    assert evaluation.correct_verdicts / evaluation.posts >= 0.9
