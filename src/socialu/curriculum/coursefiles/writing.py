"""Write a CurriculumSpec as a course-as-code folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from socialu.curriculum.coursefiles.reading import MANIFEST
from socialu.curriculum.coursefiles.specs import SCHEMA, CourseSpec, CurriculumSpec, QuestionSpec

# The folder of course folders, beside the manifest.
COURSES_FOLDER = "courses"


class _Dumper(yaml.SafeDumper):
    """Write multi-line text as literal blocks so files stay readable in review."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def _question(question: QuestionSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "kind": question.kind, "prompt": question.prompt}
    if question.situation:
        data["situation"] = question.situation
    if question.competencies:
        data["competencies"] = list(question.competencies)
    data["choices"] = [
        {"text": choice.text, "correct": choice.correct, "feedback": choice.feedback} for choice in question.choices
    ]
    return data


def _course(course: CourseSpec, folder: Path) -> None:
    modules = []
    for module in course.modules:
        lessons = []
        for lesson in module.lessons:
            relative = f"lessons/{lesson.slug}.md"
            (folder / "lessons").mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(lesson.body, encoding="utf-8")
            entry: dict[str, Any] = {
                "slug": lesson.slug,
                "title": lesson.title,
                "file": relative,
                "estimated_minutes": lesson.estimated_minutes,
            }
            if lesson.media_url:
                entry["media_url"] = lesson.media_url
            lessons.append(entry)
        modules.append({"slug": module.slug, "title": module.title, "lessons": lessons})
    data: dict[str, Any] = {
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary,
        "component": course.component,
        "audiences": list(course.audiences),
        "level": course.level,
        "version": course.version,
        "status": course.status,
        "competencies": list(course.competencies),
        "modules": modules,
    }
    if course.quiz is not None:
        data["quiz"] = {
            "title": course.quiz.title,
            "pass_mark": course.quiz.pass_mark,
            "attempts_allowed": course.quiz.attempts_allowed,
            "shuffle": course.quiz.shuffle,
            "answers_shown": course.quiz.answers_shown,
            "questions": [_question(question) for question in course.quiz.questions],
        }
    _dump(data, folder / "course.yaml")


def curriculum_write(spec: CurriculumSpec, folder: Path) -> None:
    """Write *spec* into *folder* (created if needed) as curriculum.yaml and course folders."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "schema": SCHEMA,
        "title": spec.title,
        "components": [
            {"number": c.number, "slug": c.slug, "title": c.title, "summary": c.summary} for c in spec.components
        ],
        "competencies": [{"slug": c.slug, "name": c.name, "description": c.description} for c in spec.competencies],
        "paths": {
            path.audience: {
                "title": path.title,
                "description": path.description,
                "courses": [{"course": step.course, "required": step.required} for step in path.courses],
            }
            for path in spec.paths
        },
    }
    _dump(manifest, folder / MANIFEST)
    for course in spec.courses:
        _course(course, folder / COURSES_FOLDER / course.slug)
