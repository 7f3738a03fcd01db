"""The ten readiness questions shipped with SocialU, and the keys files and the API use for them.

Stored question slugs use hyphens (``platform-fit``); answers files, the CLI's
JSON and the API use underscores (``platform_fit``). ``public_key`` and
``internal_slug`` are the one place that maps between the two, for questions,
dimensions, training formats and next steps alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from socialu.readiness.scoring import QuestionDefinition

ORGANISATION_SPECIFIC = "organisation-specific"


def public_key(slug: str) -> str:
    """Return the key files, the CLI and the API use for a stored slug: ``platform-fit`` → ``platform_fit``."""
    return slug.replace("-", "_")


def internal_slug(key: str) -> str:
    """Return the stored slug for a public key: ``platform_fit`` → ``platform-fit``."""
    return key.replace("_", "-")


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
    weight: float = 1.0
    custom: bool = False

    @property
    def key(self) -> str:
        return public_key(self.slug)

    def definition(self, weight: float | None = None) -> QuestionDefinition:
        """Return the pure scoring definition, with this question's weight unless *weight* is given."""
        chosen = self.weight if weight is None else weight
        return QuestionDefinition(slug=self.slug, title=self.title, dimension=self.dimension, weight=chosen)


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


ORGANISATION_SPECIFIC_DIMENSION = Dimension(
    slug=ORGANISATION_SPECIFIC,
    title="Organisation-specific",
    summary="Questions the organisation added for its own situation.",
)


def all_dimensions() -> tuple[Dimension, ...]:
    """Return the five dimensions and the organisation-specific one that custom questions may use."""
    return (*default_questions()[0], ORGANISATION_SPECIFIC_DIMENSION)
