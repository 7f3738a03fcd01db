"""Read the skills taxonomy file (``content/skills.yaml``) into typed values.

Pure Python: nothing here imports Django, so the shipped file can be checked by
a test, an editor hook or the command line alike. Problems are reported as
``<file>:<line>: <field>: <what is wrong>`` through ``socialu.contentfiles``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from socialu.contentfiles import ContentModel, load

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHIPPED_TAXONOMY = Path(__file__).resolve().parent / "content" / "skills.yaml"

Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=80)]


class SkillEntry(ContentModel):
    """One skill of the taxonomy as written in the file."""

    slug: Slug = Field(description="Use lower-case words joined by hyphens, e.g. 'paid-social'.")
    name: str = Field(min_length=1, max_length=120, description="Give the skill a name people recognise.")
    kind: Literal["platform", "practice"] = Field(description="Write 'platform' or 'practice'.")
    description: str = Field(default="", max_length=500, description="One sentence, at most 500 characters.")
    competencies: tuple[Slug, ...] = Field(
        default=(), description="List curriculum competency slugs, e.g. [engagement-craft]."
    )


class Taxonomy(ContentModel):
    """The whole taxonomy file."""

    version: Literal[1] = Field(description="Write 'version: 1'.")
    skills: tuple[SkillEntry, ...] = Field(min_length=1, description="List at least one skill.")

    @model_validator(mode="after")
    def _slugs_unique(self) -> Taxonomy:
        seen: set[str] = set()
        for entry in self.skills:
            if entry.slug in seen:
                raise ValueError(f"the slug '{entry.slug}' appears twice; give every skill its own slug")
            seen.add(entry.slug)
        return self


def taxonomy_read(data: bytes | str, *, file: str) -> Taxonomy:
    """Return the taxonomy in *data*; raise ``ContentFileError`` naming each problem's line and field."""
    return load(Taxonomy, data, file=file)


def shipped_taxonomy() -> Taxonomy:
    """Return the taxonomy SocialU ships with."""
    return taxonomy_read(SHIPPED_TAXONOMY.read_bytes(), file="skills/content/skills.yaml")
