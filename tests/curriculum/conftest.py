"""Fixtures for curriculum tests: the small learning curriculum (two published courses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialu.core.models import Organisation
from socialu.curriculum.models import Component, Course
from socialu.curriculum.services import curriculum_import
from tests.learning.conftest import write_learning_curriculum


@pytest.fixture
def curriculum(organisation: Organisation, tmp_path: Path) -> Organisation:
    curriculum_import(organisation=organisation, folder=write_learning_curriculum(tmp_path / "curriculum"))
    return organisation


@pytest.fixture
def basics(curriculum: Organisation) -> Course:
    return Course.objects.get(organisation=curriculum, slug="basics")


@pytest.fixture
def component(curriculum: Organisation) -> Component:
    return Component.objects.get(organisation=curriculum, number=4)
