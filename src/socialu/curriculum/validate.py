"""Check a course-as-code folder: ``python -m socialu.curriculum.validate DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

from socialu.curriculum.coursefiles.reading import CurriculumError, curriculum_read


def main(argv: list[str]) -> int:
    """Print a summary of the curriculum in argv[0], or every problem; return the exit code."""
    if len(argv) != 1:
        print("usage: python -m socialu.curriculum.validate DIR", file=sys.stderr)
        return 2
    try:
        spec = curriculum_read(Path(argv[0]))
    except CurriculumError as error:
        print(error, file=sys.stderr)
        return 1
    questions = sum(len(course.quiz.questions) if course.quiz else 0 for course in spec.courses)
    lessons = sum(len(course.lessons) for course in spec.courses)
    print(f"{spec.title}: {len(spec.courses)} courses, {lessons} lessons, {questions} questions — no problems found.")
    for course in spec.courses:
        count = len(course.quiz.questions) if course.quiz else 0
        print(f"  {course.slug}: {len(course.lessons)} lessons, {course.estimated_minutes} min, {count} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
