"""The ten readiness questions shipped with SocialU."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from socialu.readiness.scoring import QuestionDefinition


@dataclass(frozen=True)
class Dimension:
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class ReadinessQuestion:
    slug: str
    number: int
    dimension: str
    title: str
    prompt: str
    descriptors: dict[int, str]

    def definition(self, weight: float = 1.0) -> QuestionDefinition:
        return QuestionDefinition(slug=self.slug, title=self.title, dimension=self.dimension, weight=weight)


@lru_cache(maxsize=1)
def default_questions() -> tuple[tuple[Dimension, ...], tuple[ReadinessQuestion, ...]]:
    """Return the dimensions and the ten questions, in order."""
    text = (resources.files("socialu.readiness") / "questions.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    dimensions = tuple(Dimension(**item) for item in data["dimensions"])
    questions = tuple(
        ReadinessQuestion(
            slug=item["slug"],
            number=item["number"],
            dimension=item["dimension"],
            title=item["title"],
            prompt=item["prompt"],
            descriptors={int(point): str(text) for point, text in item["descriptors"].items()},
        )
        for item in data["questions"]
    )
    return dimensions, questions
