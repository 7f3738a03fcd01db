"""The checker on real posts from documented incidents, regulators' rulings and praised examples.

The figures are printed by ``python -m tests.policycheck.evaluate``; this test
holds the targets on the whole set: the verdict flags at least four in five of
the problem posts whose problem can be seen in the text, and nine in ten posts
with profanity (masked or not); it blocks at most one praised post in twenty and
warns on at most three in twenty. The held-out portion (posts collected after
the first rules were written, scored before any rule changed for them) is
reported on its own; its figures are the honest estimate for posts never seen,
recorded in REAL_WORLD.md rather than held here as targets.
"""

from __future__ import annotations

import re

import pytest

from tests.policycheck.evaluate import REAL_WORLD_CATEGORIES, RealWorldEvaluation, evaluate_real_world, load_real_posts

PLATFORMS = {"x", "linkedin", "instagram", "facebook", "tiktok", "youtube"}


@pytest.fixture(scope="module")
def real() -> RealWorldEvaluation:
    return evaluate_real_world()


def test_every_post_names_its_source_and_is_labelled_completely() -> None:
    _, posts = load_real_posts()
    ids = [post["id"] for post in posts]
    assert len(ids) == len(set(ids))
    for post in posts:
        assert re.match(r"https?://\S+$", post["source"]), post["id"]
        assert post["platform"] in PLATFORMS, post["id"]
        assert post["account"] in {"personal", "official"}, post["id"]
        assert post["year"] is None or 2008 <= post["year"] <= 2026, post["id"]
        assert post["verdict"] in {"problem", "fine"}, post["id"]
        assert post["kind"] in {"incident", "praised", "apology", "ordinary"}, post["id"]
        assert set(post["categories"]) <= set(REAL_WORLD_CATEGORIES), post["id"]
        assert post["text"].strip() == post["text"] and post["text"], post["id"]
        assert isinstance(post.get("held_out", False), bool), post["id"]
        if post["verdict"] == "problem":
            assert post["categories"], post["id"]
            assert isinstance(post["text_visible"], bool), post["id"]
        else:
            assert not post["categories"], post["id"]


def test_the_set_holds_problems_and_praised_posts_in_numbers_that_mean_something() -> None:
    _, posts = load_real_posts()
    problems = [post for post in posts if post["verdict"] == "problem"]
    praised = [post for post in posts if post["kind"] == "praised"]
    assert len(posts) >= 150
    assert len([post for post in problems if post["text_visible"]]) >= 70
    assert len(praised) >= 50


def test_the_held_out_portion_covers_every_kind_of_incident_and_praised_posts() -> None:
    _, posts = load_real_posts()
    held_out = [post for post in posts if post.get("held_out")]
    assert len(held_out) >= 40
    problems = [post for post in held_out if post["verdict"] == "problem"]
    assert {category for post in problems for category in post["categories"]} >= {
        "tone", "profanity", "disclosure", "financial", "politics", "sensitive_events", "internal",
    }  # fmt: skip
    assert len([post for post in held_out if post["kind"] == "praised"]) >= 10


def test_the_held_out_portion_is_evaluated_on_its_own() -> None:
    held_out = evaluate_real_world(held_out_only=True)
    whole = evaluate_real_world()
    assert 40 <= held_out.posts < whole.posts
    assert held_out.visible_problems >= 20
    # What the rules do on posts they were not written for: never a praised post blocked.
    assert held_out.praised_blocked == 0


def test_four_in_five_problems_visible_in_the_text_are_flagged(real: RealWorldEvaluation) -> None:
    assert real.recall >= 0.8, real.missed


def test_nine_in_ten_posts_with_profanity_are_caught_as_profanity(real: RealWorldEvaluation) -> None:
    assert real.profanity_recall >= 0.9


def test_praised_posts_are_rarely_blocked_or_warned(real: RealWorldEvaluation) -> None:
    assert real.praised_block_rate <= 0.05, real.false_flags
    assert real.praised_warn_rate <= 0.15, real.false_flags
