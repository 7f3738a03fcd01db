"""Fixtures for knowledge sharing: the skills taxonomy's slugs and people in each role."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from PIL import Image

from socialu.community import tagging
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import PersonFactory, member

# The slugs of src/socialu/skills/content/skills.yaml on the skills branch (copied: this app never imports skills).
SKILL_SLUGS = [
    "linkedin", "x", "instagram", "tiktok", "youtube", "facebook", "threads", "bluesky-mastodon", "whatsapp",
    "writing-for-social", "video", "community-management", "customer-care", "listening-analytics",
    "crisis-response", "paid-social", "accessibility", "employee-advocacy", "leadership-voice", "account-security",
]  # fmt: skip


@pytest.fixture(autouse=True)
def skills_taxonomy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point knowledge sharing at a taxonomy file holding the skills app's slugs."""
    path = tmp_path / "skills.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "skills": [{"slug": slug, "name": slug} for slug in SKILL_SLUGS]}))
    monkeypatch.setattr(tagging, "TAXONOMY_PATH", path)
    return path


@pytest.fixture(autouse=True)
def media_in_tmp(tmp_path: Path, settings: object) -> None:
    """Store uploaded images in the test's own folder."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def person_with(organisation: Organisation, *roles: Role, name: str) -> Person:
    """Return a roster person whose account holds *roles* (learner always)."""
    user = member(organisation, *roles)
    return PersonFactory.create(organisation=organisation, user=user, name=name)


@pytest.fixture
def asker(organisation: Organisation) -> Person:
    return person_with(organisation, name="Ada Asker")


@pytest.fixture
def helper(organisation: Organisation) -> Person:
    return person_with(organisation, name="Hal Helper")


@pytest.fixture
def champion(organisation: Organisation) -> Person:
    return person_with(organisation, Role.CHAMPION, name="Cara Champion")


@pytest.fixture
def moderator(organisation: Organisation) -> Person:
    return person_with(organisation, Role.FACILITATOR, name="Mo Moderator")


@pytest.fixture
def curator(organisation: Organisation) -> Person:
    return person_with(organisation, Role.PROGRAMME_ADMIN, name="Pat Admin")


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """Return a real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()
