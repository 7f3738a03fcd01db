"""Walk the decision tree: follow a person's answers from the start to a question or an outcome.

Pure Python (no Django), like :mod:`socialu.escalation.tree`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from socialu.escalation.tree import Node, Outcome, Question, Tree


@dataclass(frozen=True)
class Step:
    """One answered question on the way through the tree, kept with the words as they were shown."""

    node: str
    question: str
    answer: str

    def as_dict(self) -> dict[str, str]:
        return {"node": self.node, "question": self.question, "answer": self.answer}


@dataclass(frozen=True)
class Walk:
    """Where a list of answers leads: the steps taken and the node reached (a question or an outcome)."""

    steps: tuple[Step, ...]
    current: Node
    choices: tuple[int, ...] = field(default=())

    @property
    def outcome(self) -> Outcome | None:
        return self.current if isinstance(self.current, Outcome) else None


class WalkError(ValueError):
    """An answer that does not fit the question it was given for."""


def _option_index(question: Question, answer: str | int) -> int:
    if isinstance(answer, int):
        index = answer
    else:
        cleaned = answer.strip()
        labels = [option.label.casefold() for option in question.options]
        if cleaned.casefold() in labels:
            return labels.index(cleaned.casefold())
        if not cleaned.isdigit():
            choices = ", ".join(f"“{option.label}”" for option in question.options)
            raise WalkError(f"“{answer}” is not an answer to “{question.text}” ({question.id}); choose {choices}.")
        index = int(cleaned) - 1
    if not 0 <= index < len(question.options):
        raise WalkError(
            f"Question “{question.text}” ({question.id}) has {len(question.options)} answers; "
            f"answer {index + 1} does not exist."
        )
    return index


def tree_walk(tree: Tree, answers: Sequence[str | int]) -> Walk:
    """Follow *answers* from the start: each is an option index (int), a 1-based number or a label (str).

    Raise WalkError for an answer that does not fit, or for answers left over after an outcome.
    """
    node = tree.node(tree.start)
    steps: list[Step] = []
    choices: list[int] = []
    for number, answer in enumerate(answers, start=1):
        if not isinstance(node, Question):
            raise WalkError(f"Answer {number} comes after the outcome “{node.title}” was reached; remove it.")
        index = _option_index(node, answer)
        option = node.options[index]
        steps.append(Step(node=node.id, question=node.text, answer=option.label))
        choices.append(index)
        node = tree.node(option.next)
    return Walk(steps=tuple(steps), current=node, choices=tuple(choices))
