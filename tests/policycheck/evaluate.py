"""Precision and recall of the policy checker on its two labelled evaluation sets.

Run ``python -m tests.policycheck.evaluate`` to print, for each set, a table per
category and every miss and false alarm:

* ``evaluation.yaml``: 152 posts written for SocialU in the voice of the demo
  organisation, each labelled with the categories a careful reviewer would flag;
* ``real_world.yaml``: real posts from documented public incidents, regulators'
  rulings and widely praised examples, quoted exactly from the source named
  beside each (see ``REAL_WORLD.md``).

A category counts as *flagged* on a post when the checker reports at least one
finding of that category at warn or block level; a post is flagged when its
verdict is warn or block. ``tests/policycheck/test_evaluation.py`` and
``tests/policycheck/test_real_world.py`` hold the checker to minimum figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socialu.policycheck import CheckResult, Severity, Verdict, check, default_rule_set

EVALUATION_FILE = Path(__file__).with_name("evaluation.yaml")
REAL_WORLD_FILE = Path(__file__).with_name("real_world.yaml")
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
# The categories the real posts are labelled with: the rule kinds the incidents of record fall under.
REAL_WORLD_CATEGORIES = (
    "profanity",
    "tone",
    "disclosure",
    "financial",
    "politics",
    "sensitive_events",
    "internal",
    "claims",
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
    """The figures for the self-written set."""

    posts: int
    passing_posts: int
    correct_verdicts: int
    scores: dict[str, Score]


def load_posts() -> tuple[datetime.date, list[dict[str, Any]]]:
    """Return the evaluation date and the labelled self-written posts."""
    document = yaml.safe_load(EVALUATION_FILE.read_text(encoding="utf-8"))
    return document["today"], document["posts"]


def load_real_posts() -> tuple[datetime.date, list[dict[str, Any]]]:
    """Return the evaluation date and the real posts."""
    document = yaml.safe_load(REAL_WORLD_FILE.read_text(encoding="utf-8"))
    return datetime.date.fromisoformat(str(document["today"])), document["posts"]


def checked(post: dict[str, Any], today: datetime.date) -> CheckResult:
    """Return the default rules' result on ``post``."""
    return check(
        post["text"], platform=post["platform"], account_kind=post["account"], rules=default_rule_set(), today=today
    )


def flagged_categories(result: CheckResult) -> set[str]:
    """Return the categories found at warn or block level."""
    return {finding.category for finding in result.findings if finding.severity != Severity.INFO}


def _score(scores: dict[str, Score], expected: set[str], flagged: set[str], text: str, *, counted: bool) -> None:
    for category, score in scores.items():
        if category in expected and category in flagged:
            score.true_positives += counted
        elif category in flagged:
            score.false_positives += 1
            score.false_alarms.append(text)
        elif category in expected and counted:
            score.false_negatives += 1
            score.misses.append(text)


def evaluate() -> Evaluation:
    """Check every self-written post and count hits, misses and false alarms per category."""
    today, posts = load_posts()
    scores = {category: Score() for category in CATEGORIES}
    correct = 0
    for post in posts:
        expected = set(post["expect"])
        flagged = flagged_categories(checked(post, today))
        correct += bool(expected) == bool(flagged)
        _score(scores, expected, flagged, post["text"], counted=True)
    passing = sum(1 for post in posts if not post["expect"])
    return Evaluation(posts=len(posts), passing_posts=passing, correct_verdicts=correct, scores=scores)


@dataclass
class RealWorldEvaluation:
    """The figures for the real posts."""

    posts: int
    problems: int
    visible_problems: int
    visible_problems_flagged: int
    profanity_posts: int
    profanity_flagged: int
    praised: int
    praised_blocked: int
    praised_warned: int
    fine: int
    fine_blocked: int
    fine_warned: int
    scores: dict[str, Score]
    missed: list[str] = field(default_factory=list)
    hidden_flagged: list[str] = field(default_factory=list)
    false_flags: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Return the share of problem posts, visible in the text, whose verdict is warn or block."""
        return self.visible_problems_flagged / self.visible_problems if self.visible_problems else 1.0

    @property
    def profanity_recall(self) -> float:
        """Return the share of posts with profanity (masked or not) on which profanity is found."""
        return self.profanity_flagged / self.profanity_posts if self.profanity_posts else 1.0

    @property
    def praised_block_rate(self) -> float:
        """Return the share of praised posts that would be blocked."""
        return self.praised_blocked / self.praised if self.praised else 0.0

    @property
    def praised_warn_rate(self) -> float:
        """Return the share of praised posts that would get a warning (and no block)."""
        return self.praised_warned / self.praised if self.praised else 0.0


def evaluate_real_world(*, held_out_only: bool = False) -> RealWorldEvaluation:
    """Check every real post and count what the verdict catches and what it raises in error.

    With ``held_out_only``, only the held-out portion (``held_out: true``): posts
    collected after the rules were written, whose first figures were taken before
    any rule changed for them.
    """
    today, posts = load_real_posts()
    if held_out_only:
        posts = [post for post in posts if post.get("held_out")]
    scores = {category: Score() for category in REAL_WORLD_CATEGORIES}
    figures = RealWorldEvaluation(
        posts=len(posts), problems=0, visible_problems=0, visible_problems_flagged=0, profanity_posts=0,
        profanity_flagged=0, praised=0, praised_blocked=0, praised_warned=0, fine=0, fine_blocked=0, fine_warned=0,
        scores=scores,
    )  # fmt: skip
    for post in posts:
        result = checked(post, today)
        flagged = flagged_categories(result)
        expected = set(post["categories"])
        is_problem = post["verdict"] == "problem"
        visible = is_problem and bool(post.get("text_visible", True))
        _score(scores, expected, flagged, post["text"], counted=visible or not is_problem)
        if is_problem:
            figures.problems += 1
            if visible:
                figures.visible_problems += 1
                if result.verdict is not Verdict.PASS:
                    figures.visible_problems_flagged += 1
                else:
                    figures.missed.append(post["text"])
            elif result.verdict is not Verdict.PASS:
                figures.hidden_flagged.append(post["text"])
            if "profanity" in expected:
                figures.profanity_posts += 1
                figures.profanity_flagged += "profanity" in flagged
            continue
        figures.fine += 1
        blocked, warned = result.verdict is Verdict.BLOCK, result.verdict is Verdict.WARN
        figures.fine_blocked += blocked
        figures.fine_warned += warned
        if post["kind"] == "praised":
            figures.praised += 1
            figures.praised_blocked += blocked
            figures.praised_warned += warned
        if blocked or warned:
            rules = ", ".join(sorted({f.rule_id for f in result.findings if f.severity is not Severity.INFO}))
            figures.false_flags.append((post["kind"], post["text"], rules))
    return figures


def _print_table(scores: dict[str, Score]) -> None:
    print(f"{'category':<18}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for category, score in scores.items():
        print(
            f"{category:<18}{score.precision:>10.2f}{score.recall:>8.2f}"
            f"{score.true_positives:>5}{score.false_positives:>5}{score.false_negatives:>5}"
        )


def main() -> None:
    """Print the tables for both sets."""
    evaluation = evaluate()
    share = evaluation.correct_verdicts / evaluation.posts
    print("== Self-written set (tests/policycheck/evaluation.yaml)")
    print(
        f"{evaluation.posts} posts, {evaluation.passing_posts} labelled as passing; "
        f"pass/flag verdict right on {evaluation.correct_verdicts} ({share:.0%})"
    )
    _print_table(evaluation.scores)
    for category, score in evaluation.scores.items():
        for text in score.misses:
            print(f"  missed {category}: {text}")
        for text in score.false_alarms:
            print(f"  false alarm {category}: {text}")
    for title, real in (
        ("Real-world set (tests/policycheck/real_world.yaml)", evaluate_real_world()),
        ("Held-out portion of the real-world set (held_out: true)", evaluate_real_world(held_out_only=True)),
    ):
        print()
        _print_real_world(title, real)


def _print_real_world(title: str, real: RealWorldEvaluation) -> None:
    print(f"== {title}")
    print(
        f"{real.posts} posts: {real.problems} problems ({real.visible_problems} visible in the text), "
        f"{real.praised} praised, {real.fine - real.praised} apologies and ordinary posts"
    )
    print(
        f"problems visible in the text flagged: {real.visible_problems_flagged}/{real.visible_problems} "
        f"({real.recall:.0%}; target >= 80%)"
    )
    print(
        f"posts with profanity, masked or not, flagged as profanity: {real.profanity_flagged}/{real.profanity_posts} "
        f"({real.profanity_recall:.0%}; target >= 90%)"
    )
    print(
        f"praised posts blocked: {real.praised_blocked}/{real.praised} ({real.praised_block_rate:.0%}; target <= 5%), "
        f"warned: {real.praised_warned}/{real.praised} ({real.praised_warn_rate:.0%}; target <= 15%)"
    )
    print(f"all fine posts (praised, apologies, ordinary): {real.fine_blocked} blocked, {real.fine_warned} warned")
    print("per category (recall over the problems visible in the text; precision over every post):")
    _print_table(real.scores)
    for text in real.missed:
        print(f"  missed: {text}")
    for text in real.hidden_flagged:
        print(f"  flagged although the problem is not in the text: {text}")
    for kind, text, rules in real.false_flags:
        print(f"  flagged a fine post ({kind}; {rules}): {text}")


if __name__ == "__main__":
    main()
