"""Demo certification: tiers and the certificates the demo learners have earned."""

from __future__ import annotations

from socialu.core.models import Organisation


def seed(organisation: Organisation) -> None:
    """Seed this area of the demo organisation (filled in as the area is built)."""
