"""The tags a post may carry: skills from the skills taxonomy, platforms and audiences.

The skills app owns the taxonomy (``socialu/skills/content/skills.yaml``). Knowledge sharing does not
import that app: it reads the slugs from the file when it is installed and stores skills as slugs, so the
skills app can join on them. Without the file any well-formed slug is accepted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

import socialu
from socialu.core.audiences import Audience

TAXONOMY_PATH = Path(socialu.__file__).parent / "skills" / "content" / "skills.yaml"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SKILLS = 8

PLATFORMS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "whatsapp": "WhatsApp",
    "other": "Another platform",
}


@lru_cache(maxsize=4)
def _slugs_in(path: Path, modified: float) -> frozenset[str]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    skills = document.get("skills", []) if isinstance(document, dict) else []
    return frozenset(str(skill["slug"]) for skill in skills if isinstance(skill, dict) and "slug" in skill)


def skill_slugs(path: Path | None = None) -> frozenset[str] | None:
    """Return the slugs of the skills taxonomy, or None when the skills app's file is not installed."""
    taxonomy = path or TAXONOMY_PATH
    try:
        modified = taxonomy.stat().st_mtime
    except OSError:
        return None
    return _slugs_in(taxonomy, modified)


def skill_problems(skills: list[str]) -> list[str]:
    """Return a message for each skill slug that is not in the taxonomy (or not a slug at all)."""
    known = skill_slugs()
    problems: list[str] = []
    if len(skills) > MAX_SKILLS:
        problems.append(f"Choose at most {MAX_SKILLS} skills.")
    for slug in skills:
        if not SLUG_PATTERN.match(slug):
            problems.append(f"“{slug[:40]}” is not a skill: use the skill's short name, such as “writing-for-social”.")
        elif known is not None and slug not in known:
            problems.append(f"“{slug}” is not in the skills taxonomy. Choose one of: {', '.join(sorted(known))}.")
    return problems


def platform_problem(platform: str) -> str | None:
    """Return why *platform* cannot be used, or None when it is empty or known."""
    if not platform or platform in PLATFORMS:
        return None
    return f"“{platform[:40]}” is not a platform SocialU knows. Choose one of: {', '.join(PLATFORMS)}."


def audience_problems(audiences: list[str]) -> list[str]:
    """Return a message for each audience that is not one of the programme's five."""
    known = set(Audience.values)
    return [
        f"“{audience[:40]}” is not an audience. Choose one of: {', '.join(Audience.values)}."
        for audience in audiences
        if audience not in known
    ]
