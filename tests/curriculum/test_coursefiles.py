"""Course-as-code folders are read strictly: every problem names its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socialu.curriculum.coursefiles.reading import CurriculumError, curriculum_read

MANIFEST = """\
schema: socialu-curriculum/1
title: Tiny curriculum
components:
{components}
competencies:
  - {{slug: disclosure, name: Disclosure, description: Says who they work for.}}
paths:
  observer:
    title: Why it matters
    description: For everyone.
    courses:
      - {{course: basics, required: true}}
"""

COURSE = """\
slug: basics
title: Basics
summary: The basics.
component: 4
audiences: [observer]
level: awareness
version: 1
status: published
competencies: [disclosure]
modules:
  - slug: first
    title: First module
    lessons:
      - slug: hello
        title: Hello
        file: lessons/hello.md
        estimated_minutes: 5
quiz:
  title: Check
  pass_mark: 80
  attempts_allowed: 3
  shuffle: true
  questions:
    - id: basics-001
      kind: single
      prompt: Which is right?
      competencies: [disclosure]
      choices:
        - {text: This one, correct: true, feedback: Because it is.}
        - {text: That one, correct: false, feedback: Because it is not.}
"""


def write_curriculum(folder: Path, *, course: str = COURSE, manifest: str | None = None) -> Path:
    components = "\n".join(
        f"  - {{number: {n}, slug: c{n}, title: Component {n}, summary: Summary {n}.}}" for n in range(1, 11)
    )
    (folder / "courses" / "basics" / "lessons").mkdir(parents=True)
    (folder / "curriculum.yaml").write_text(manifest or MANIFEST.format(components=components), encoding="utf-8")
    (folder / "courses" / "basics" / "course.yaml").write_text(course, encoding="utf-8")
    (folder / "courses" / "basics" / "lessons" / "hello.md").write_text("## Hello\n\nWelcome.\n", encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CurriculumError) as raised:
        curriculum_read(folder)
    return [str(problem) for problem in raised.value.problems]


def test_a_valid_folder_reads_into_a_curriculum(tmp_path: Path) -> None:
    spec = curriculum_read(write_curriculum(tmp_path))
    course = spec.course("basics")
    assert [c.number for c in spec.components] == list(range(1, 11))
    assert course.lessons[0].body.startswith("## Hello")
    assert course.estimated_minutes == 5
    assert course.quiz is not None
    assert course.quiz.questions[0].choices[0].correct is True
    assert spec.paths[0].courses[0].course == "basics"


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    broken = COURSE.replace("title: Basics\n", "title: [Basics\n")
    problems = problems_of(write_curriculum(tmp_path, course=broken))
    assert any(p.startswith("courses/basics/course.yaml:") and "not valid YAML" in p for p in problems)


def test_a_single_choice_question_with_two_correct_answers_is_refused_at_its_line(tmp_path: Path) -> None:
    broken = COURSE.replace("correct: false, feedback: Because it is not.", "correct: true, feedback: Also.")
    problems = problems_of(write_curriculum(tmp_path, course=broken))
    line = COURSE.splitlines().index("      choices:") + 1
    assert f"courses/basics/course.yaml:{line}: question basics-001 is a single question" in problems[0]


def test_unknown_keys_are_reported_with_a_suggestion(tmp_path: Path) -> None:
    broken = COURSE.replace("summary: The basics.", "sumary: The basics.")
    problems = problems_of(write_curriculum(tmp_path, course=broken))
    assert any("unknown key 'sumary'" in p and "Did you mean 'summary'" in p for p in problems)


def test_a_missing_lesson_file_and_an_undefined_competency_are_both_reported(tmp_path: Path) -> None:
    broken = COURSE.replace("lessons/hello.md", "lessons/missing.md").replace(
        "competencies: [disclosure]\n      choices", "competencies: [charisma]\n      choices"
    )
    problems = problems_of(write_curriculum(tmp_path, course=broken))
    assert any("the lesson file 'lessons/missing.md' does not exist" in p for p in problems)
    assert any("competency 'charisma'" in p for p in problems)


def test_a_path_naming_a_course_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    folder = write_curriculum(tmp_path)
    shutil.rmtree(folder / "courses" / "basics")
    problems = problems_of(folder)
    assert any("the observer path lists the course 'basics'" in p for p in problems)


def test_lesson_files_outside_the_course_folder_are_refused(tmp_path: Path) -> None:
    broken = COURSE.replace("lessons/hello.md", "../../curriculum.yaml")
    problems = problems_of(write_curriculum(tmp_path, course=broken))
    assert any("must be inside the course folder" in p for p in problems)


def test_the_shipped_default_curriculum_is_valid_and_complete() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "socialu" / "curriculum" / "default"
    spec = curriculum_read(folder)
    lessons = [lesson for course in spec.courses for lesson in course.lessons]
    questions = [q for course in spec.courses if course.quiz for q in course.quiz.questions]
    assert {course.component for course in spec.courses} == set(range(1, 11))
    assert {path.audience for path in spec.paths} == {
        "leadership",
        "management",
        "practitioner",
        "infrastructure",
        "observer",
    }
    assert len(lessons) >= 30
    assert len(questions) >= 200
    assert all(3 <= lesson.estimated_minutes <= 10 for lesson in lessons)
    assert {q.kind for q in questions} == {"single", "multiple", "true_false", "scenario"}
