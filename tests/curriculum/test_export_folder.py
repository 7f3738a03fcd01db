"""``curriculum export`` never leaves an old course behind for the next import to bring back."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.curriculum.models import Course
from socialu.curriculum.services import CurriculumExportError, curriculum_export
from tests.factories import OrganisationFactory


def _export(folder: Path, *options: str) -> str:
    out = StringIO()
    call_command("curriculum", "export", str(folder), "--org", "acme", *options, stdout=out)
    return out.getvalue()


def _stale_export(folder: Path) -> None:
    """An earlier export that held a course since deleted."""
    stale = folder / "courses" / "retired-course"
    stale.mkdir(parents=True)
    (stale / "course.yaml").write_text("slug: retired-course\n", encoding="utf-8")
    (folder / "curriculum.yaml").write_text("schema: socialu-curriculum/1\n", encoding="utf-8")


def test_exporting_into_a_folder_with_an_old_course_is_refused(curriculum: Organisation, tmp_path: Path) -> None:
    _stale_export(tmp_path / "out")

    with pytest.raises(CommandError) as raised:
        _export(tmp_path / "out")

    assert raised.value.returncode == 2
    assert "is not empty" in str(raised.value) and "--force" in str(raised.value)
    assert (tmp_path / "out" / "courses" / "retired-course").is_dir()


def test_force_clears_the_earlier_export_says_so_and_keeps_other_files(
    curriculum: Organisation, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _stale_export(folder)
    (folder / ".git").mkdir()
    (folder / "README.md").write_text("Our curriculum.\n", encoding="utf-8")

    output = _export(folder, "--force")

    assert "Removed the earlier export" in output and "courses/" in output
    assert not (folder / "courses" / "retired-course").exists()
    assert sorted(p.name for p in (folder / "courses").iterdir()) == ["advanced", "basics"]
    assert (folder / ".git").is_dir() and (folder / "README.md").is_file()
    fresh = OrganisationFactory.create(slug="fresh")
    call_command("curriculum", "import", str(folder), "--org", "fresh", stdout=StringIO())
    assert sorted(Course.objects.filter(organisation=fresh).values_list("slug", flat=True)) == ["advanced", "basics"]


def test_an_empty_or_new_folder_needs_no_force(curriculum: Organisation, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "Wrote 2 courses" in _export(tmp_path / "empty")
    assert "Wrote 2 courses" in _export(tmp_path / "new" / "nested")


def test_a_file_is_not_a_folder(curriculum: Organisation, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(CurriculumExportError, match="is a file"):
        curriculum_export(organisation=curriculum, folder=tmp_path / "a-file", force=True)
