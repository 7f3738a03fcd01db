"""Learning records as plain data, the same for the API and the command line."""

from __future__ import annotations

from typing import Any

from socialu.learning.oversight.selectors import AttemptRow
from socialu.learning.selectors import CourseProgress, MyLearning
from socialu.people.models import Person


def course_progress_dict(item: CourseProgress) -> dict[str, Any]:
    """Return one enrolment's progress as plain data."""
    enrolment = item.enrolment
    return {
        "course_slug": item.course.slug,
        "course_title": item.course.title,
        "version": item.course.version,
        "required": enrolment.required,
        "source": enrolment.source,
        "due_on": enrolment.due_on,
        "overdue": item.overdue,
        "completed": item.completed,
        "completed_at": enrolment.completed_at,
        "completed_version": enrolment.completed_version,
        "lessons_done": item.lessons_done,
        "lessons_total": item.lessons_total,
        "percent": item.percent,
        "next_lesson": {"slug": item.next_lesson.slug, "title": item.next_lesson.title}
        if item.next_lesson and not item.completed
        else None,
        "has_quiz": item.has_quiz,
        "quiz_passed": item.quiz_passed,
        "best_score": item.best_score,
        "attempts_used": item.attempts_used,
    }


def progress_dict(person: Person, learning: MyLearning) -> dict[str, Any]:
    """Return a person's progress as plain data."""
    return {
        "person": {
            "id": person.pk,
            "name": person.name,
            "email": person.email,
            "employee_id": person.employee_id,
            "audience": person.audience,
        },
        "path": learning.path.title if learning.path else None,
        "completed_courses": learning.completed_count,
        "courses": [course_progress_dict(item) for item in learning.courses],
    }


def attempt_dicts(rows: list[AttemptRow]) -> list[dict[str, Any]]:
    """Return quiz attempts as plain data."""
    return [
        {
            "id": row.attempt_id,
            "course_slug": row.course_slug,
            "course_title": row.course_title,
            "course_version": row.course_version,
            "submitted_at": row.submitted_at,
            "score_percent": row.score_percent,
            "passed": row.passed,
        }
        for row in rows
    ]
