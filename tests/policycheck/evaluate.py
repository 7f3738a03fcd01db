"""Precision and recall of the policy checker on the labelled evaluation set.

Run ``python -m tests.policycheck.evaluate`` to print a table per category;
``tests/policycheck/test_evaluation.py`` holds the checker to minimum figures.
A category counts as *flagged* on a post when the checker reports at least
one finding of that category at warn or block level.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socialu.policycheck import Severity, check, default_rule_set

EVALUATION_FILE = Path(__file__).with_name("evaluation.yaml")
CATEGORIES = (
    "confidential",
    "personal_data",
    "disclosure",
    "claims",
    "profanity",
    "disparagement",
    "tone",
    "platform_limits",
    "links",
    "sensitive_events",
)


@dataclass
class Score:
    """Counts for one category."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Evaluation:
    """The figures for the whole set."""

    posts: int
    passing_posts: int
    correct_verdicts: int
    scores: dict[str, Score]


def load_posts() -> tuple[datetime.date, list[dict[str, Any]]]:
    """Return the evaluation date and the labelled posts."""
    document = yaml.safe_load(EVALUATION_FILE.read_text(encoding="utf-8"))
    return document["today"], document["posts"]


def flagged_categories(post: dict[str, Any], today: datetime.date) -> set[str]:
    """Return the categories the checker flags at warn or block level on ``post``."""
    result = check(
        post["text"], platform=post["platform"], account_kind=post["account"], rules=default_rule_set(), today=today
    )
    return {finding.category for finding in result.findings if finding.severity != Severity.INFO}


def evaluate() -> Evaluation:
    """Check every post and count hits, misses and false alarms per category."""
    today, posts = load_posts()
    scores = {category: Score() for category in CATEGORIES}
    correct = 0
    for post in posts:
        expected = set(post["expect"])
        flagged = flagged_categories(post, today)
        correct += bool(expected) == bool(flagged)
        for category in CATEGORIES:
            score = scores[category]
            if category in expected and category in flagged:
                score.true_positives += 1
            elif category in flagged:
                score.false_positives += 1
                score.false_alarms.append(post["text"])
            elif category in expected:
                score.false_negatives += 1
                score.misses.append(post["text"])
    passing = sum(1 for post in posts if not post["expect"])
    return Evaluation(posts=len(posts), passing_posts=passing, correct_verdicts=correct, scores=scores)


def main() -> None:
    """Print the table."""
    evaluation = evaluate()
    share = evaluation.correct_verdicts / evaluation.posts
    print(
        f"{evaluation.posts} posts, {evaluation.passing_posts} labelled as passing; "
        f"pass/flag verdict right on {evaluation.correct_verdicts} ({share:.0%})"
    )
    print(f"{'category':<18}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for category, score in evaluation.scores.items():
        print(
            f"{category:<18}{score.precision:>10.2f}{score.recall:>8.2f}"
            f"{score.true_positives:>5}{score.false_positives:>5}{score.false_negatives:>5}"
        )
    for category, score in evaluation.scores.items():
        for text in score.misses:
            print(f"  missed {category}: {text}")
        for text in score.false_alarms:
            print(f"  false alarm {category}: {text}")


if __name__ == "__main__":
    main()
