"""The goal template that ships with SocialU: goals a coaching engagement starts from, read from content."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import Field

from socialu.contentfiles import ContentModel, load

GOALS_FILE = Path(__file__).parent / "content" / "goals.yaml"


class GoalTemplate(ContentModel):
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Use lower-case words joined by hyphens.")
    title: str = Field(min_length=1, max_length=200, description="Give the goal a short title.")
    description: str = Field(default="", max_length=1000, description="Say what reaching the goal looks like.")
    behaviours: list[str] = Field(default_factory=list, max_length=5, description="At most five behaviours.")


class GoalFile(ContentModel):
    goals: list[GoalTemplate] = Field(min_length=1, description="List at least one goal.")


def goal_file_load(data: bytes | str, *, file: str) -> list[GoalTemplate]:
    """Return the goals of a goal file; raise ContentFileError naming the line of any problem."""
    return load(GoalFile, data, file=file).goals


@functools.cache
def shipped_goals() -> tuple[GoalTemplate, ...]:
    """Return the goals that ship with SocialU."""
    return tuple(goal_file_load(GOALS_FILE.read_bytes(), file="coaching/content/goals.yaml"))


def goal_by_slug(slug: str) -> GoalTemplate | None:
    """Return the shipped goal called *slug*, or None."""
    return next((goal for goal in shipped_goals() if goal.slug == slug), None)
