"""Course as code: import, export and round trip of an organisation's curriculum."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.curriculum.models import Choice, Course, LearningPath, Lesson, Question
from socialu.curriculum.services import CurriculumError, curriculum_export, curriculum_import
from tests.curriculum.test_coursefiles import COURSE, write_curriculum
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_importing_a_folder_creates_the_courses_lessons_questions_and_paths(
    organisation: Organisation, tmp_path: Path
) -> None:
    result = curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path))
    assert result.courses_created == ["basics"]
    course = Course.objects.get(organisation=organisation, slug="basics")
    assert course.estimated_minutes == 5
    assert Lesson.objects.get(module__course=course).body.startswith("## Hello")
    question = Question.objects.get(quiz__course=course)
    assert [c.is_correct for c in Choice.objects.filter(question=question).order_by("position")] == [True, False]
    assert LearningPath.objects.get(organisation=organisation, audience="observer").steps.count() == 1


def test_importing_the_same_folder_twice_changes_nothing(organisation: Organisation, tmp_path: Path) -> None:
    folder = write_curriculum(tmp_path)
    curriculum_import(organisation=organisation, folder=folder)
    again = curriculum_import(organisation=organisation, folder=folder)
    assert again.courses_unchanged == ["basics"]
    assert again.courses_created == [] and again.versions_created == []
    assert Course.objects.filter(organisation=organisation).count() == 1


def test_changed_content_under_the_same_version_becomes_a_new_version(
    organisation: Organisation, tmp_path: Path
) -> None:
    curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path / "one"))
    edited = COURSE.replace("title: Basics\n", "title: Basics, revised\n")
    result = curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path / "two", course=edited))
    assert result.versions_created == ["basics"]
    versions = dict(Course.objects.filter(organisation=organisation).values_list("version", "title"))
    assert versions == {1: "Basics", 2: "Basics, revised"}


def test_an_invalid_folder_imports_nothing(organisation: Organisation, tmp_path: Path) -> None:
    broken = COURSE.replace("kind: single", "kind: essay")
    with pytest.raises(CurriculumError) as raised:
        curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path, course=broken))
    assert "courses/basics/course.yaml" in str(raised.value)
    assert not Course.objects.filter(organisation=organisation).exists()
    assert not LearningPath.objects.filter(organisation=organisation).exists()


def test_export_then_import_into_a_fresh_organisation_then_export_again_gives_the_same_files(
    organisation: Organisation, tmp_path: Path
) -> None:
    curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path / "source"))
    curriculum_export(organisation=organisation, folder=tmp_path / "first")
    fresh = OrganisationFactory.create(slug="fresh")
    curriculum_import(organisation=fresh, folder=tmp_path / "first")
    curriculum_export(organisation=fresh, folder=tmp_path / "second")
    first, second = tree(tmp_path / "first"), tree(tmp_path / "second")
    assert first == second
    assert "courses/basics/lessons/hello.md" in first
    assert not filecmp.dircmp(tmp_path / "first", tmp_path / "second").diff_files


def test_the_cli_imports_and_reports_file_errors(organisation: Organisation, tmp_path: Path) -> None:
    folder = write_curriculum(tmp_path / "good")
    call_command("curriculum", "import", str(folder), "--org", organisation.slug)
    assert Course.objects.filter(organisation=organisation).count() == 1
    broken = write_curriculum(tmp_path / "bad", course=COURSE.replace("pass_mark: 80", "pass_mark: 180"))
    with pytest.raises(CommandError, match=r"course.yaml:\d+: 'pass_mark' in the quiz is 180"):
        call_command("curriculum", "import", str(broken), "--org", organisation.slug)
    with pytest.raises(CommandError, match="There is no organisation 'nope'"):
        call_command("curriculum", "import", str(folder), "--org", "nope")


def test_a_lesson_file_that_is_not_utf8_is_named_and_exits_2_not_a_traceback(
    organisation: Organisation, tmp_path: Path
) -> None:
    folder = write_curriculum(tmp_path)
    (folder / "courses" / "basics" / "lessons" / "hello.md").write_bytes("## Hello\n\nCaf\xe9 ok.\n".encode("latin-1"))

    with pytest.raises(CommandError, match=r"courses/basics/lessons/hello.md:3: the file is not UTF-8") as raised:
        call_command("curriculum", "import", str(folder), "--org", organisation.slug)

    assert raised.value.returncode == 2
    assert not Course.objects.filter(organisation=organisation).exists()


def test_a_course_file_that_is_not_utf8_is_named_and_exits_2(organisation: Organisation, tmp_path: Path) -> None:
    folder = write_curriculum(tmp_path)
    course = folder / "courses" / "basics" / "course.yaml"
    course.write_bytes(course.read_text(encoding="utf-8").replace("title:", "title: Caf\xe9", 1).encode("cp1252"))

    with pytest.raises(CommandError, match=r"courses/basics/course.yaml:\d+: the file is not UTF-8") as raised:
        call_command("curriculum", "import", str(folder), "--org", organisation.slug)

    assert raised.value.returncode == 2
