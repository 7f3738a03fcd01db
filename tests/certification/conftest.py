"""Fixtures for certification tests: the small learning curriculum and an Ambassador tier on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialu.certification.models import Tier
from socialu.core.models import Organisation
from socialu.curriculum.services import curriculum_import
from tests.certification.support import make_tier
from tests.learning.conftest import write_learning_curriculum


@pytest.fixture
def curriculum(organisation: Organisation, tmp_path: Path) -> Organisation:
    curriculum_import(organisation=organisation, folder=write_learning_curriculum(tmp_path / "curriculum"))
    return organisation


@pytest.fixture
def ambassador(curriculum: Organisation) -> Tier:
    """A tier earned by passing the basics course."""
    return make_tier(curriculum, "ambassador", ("courses_passed", {"courses": ["basics"]}))
