"""Reading an organisation's question set: the ten built-in questions, its own questions and their weights.

An assessment keeps a copy of the question set taken when it opened
(``Assessment.question_set``), so editing or retiring a question later never
changes what an earlier assessment asked or how it was scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialu.core.models import Organisation
from socialu.readiness.models import Assessment, AssessmentStatus, Question
from socialu.readiness.questions import ReadinessQuestion, default_questions

__all__ = [
    "QuestionAdminRow",
    "assessment_questions",
    "question_get",
    "question_set",
    "question_set_from_snapshot",
    "question_set_snapshot",
    "questions_admin_list",
]


def _custom(question: Question, number: int) -> ReadinessQuestion:
    descriptors = {1: question.descriptor_1, 3: question.descriptor_3, 5: question.descriptor_5}
    return ReadinessQuestion(
        slug=question.slug,
        number=number,
        dimension=question.dimension,
        title=question.title,
        prompt=question.prompt,
        descriptors={point: text for point, text in descriptors.items() if text},
        weight=float(question.weight),
        custom=True,
    )


def question_set(*, organisation: Organisation) -> tuple[ReadinessQuestion, ...]:
    """Return the questions a new assessment of *organisation* asks: the ten, then its own active ones."""
    rows = list(Question.objects.filter(organisation=organisation).order_by("position", "pk"))
    weights = {row.slug: float(row.weight) for row in rows if row.builtin}
    questions = [
        ReadinessQuestion(
            slug=q.slug,
            number=q.number,
            dimension=q.dimension,
            title=q.title,
            prompt=q.prompt,
            descriptors=q.descriptors,
            weight=weights.get(q.slug, 1.0),
        )
        for q in default_questions()[1]
    ]
    for row in rows:
        if not row.builtin and row.retired_at is None:
            questions.append(_custom(row, len(questions) + 1))
    return tuple(questions)


def question_set_snapshot(questions: tuple[ReadinessQuestion, ...]) -> list[dict[str, Any]]:
    """Return *questions* as JSON-ready data to keep with an assessment."""
    return [
        {
            "slug": q.slug,
            "number": q.number,
            "dimension": q.dimension,
            "title": q.title,
            "prompt": q.prompt,
            "descriptors": {str(point): text for point, text in q.descriptors.items()},
            "weight": q.weight,
            "custom": q.custom,
        }
        for q in questions
    ]


def question_set_from_snapshot(data: list[dict[str, Any]]) -> tuple[ReadinessQuestion, ...]:
    """Return the questions kept with an assessment by ``question_set_snapshot``."""
    return tuple(
        ReadinessQuestion(
            slug=str(item["slug"]),
            number=int(item["number"]),
            dimension=str(item["dimension"]),
            title=str(item["title"]),
            prompt=str(item["prompt"]),
            descriptors={int(point): str(text) for point, text in item["descriptors"].items()},
            weight=float(item.get("weight", 1.0)),
            custom=bool(item.get("custom", False)),
        )
        for item in data
    )


def assessment_questions(*, assessment: Assessment) -> tuple[ReadinessQuestion, ...]:
    """Return the questions *assessment* asks and scores.

    An opened assessment uses the copy taken when it opened; a draft uses the organisation's current set;
    an assessment opened before copies were kept uses the ten with equal weights.
    """
    if assessment.question_set:
        return question_set_from_snapshot(assessment.question_set)
    if assessment.status == AssessmentStatus.DRAFT:
        return question_set(organisation=assessment.organisation)
    return default_questions()[1]


@dataclass(frozen=True)
class QuestionAdminRow:
    question: ReadinessQuestion
    record: Question | None  # None for a built-in question whose weight was never changed
    retired: bool

    @property
    def weight_text(self) -> str:
        return f"{self.question.weight:g}"


def questions_admin_list(*, organisation: Organisation) -> list[QuestionAdminRow]:
    """Return every question for the admin page: the ten, then the organisation's own, retired ones last."""
    rows = list(Question.objects.filter(organisation=organisation).order_by("position", "pk"))
    by_slug = {row.slug: row for row in rows if row.builtin}
    current = question_set(organisation=organisation)
    result = [
        QuestionAdminRow(
            question=q, record=by_slug.get(q.slug) if not q.custom else _record(rows, q.slug), retired=False
        )
        for q in current
    ]
    number = len(current)
    for row in rows:
        if not row.builtin and row.retired_at is not None:
            number += 1
            result.append(QuestionAdminRow(question=_custom(row, number), record=row, retired=True))
    return result


def _record(rows: list[Question], slug: str) -> Question | None:
    return next((row for row in rows if row.slug == slug and not row.builtin), None)


def question_get(*, organisation: Organisation, question_id: int) -> Question | None:
    """Return one of the organisation's own questions (not a built-in weight row), or None."""
    return Question.objects.filter(organisation=organisation, pk=question_id, builtin=False).first()
