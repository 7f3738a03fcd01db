"""The quiz builder: quiz settings and questions with their choices, checked as course files are."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from socialu.curriculum.authoring.services.common import (
    AuthoringError,
    ChoiceInput,
    move_item,
    renumber,
    require_draft,
    unique_slug,
)
from socialu.curriculum.models import AnswersShown, Choice, Course, Question, QuestionKind, Quiz

# --- The quiz --------------------------------------------------------------------------------


def quiz_update(
    *,
    course: Course,
    title: str,
    pass_mark: int,
    attempts_allowed: int,
    shuffle: bool,
    answers_shown: str = AnswersShown.AFTER_PASSING,
) -> Quiz:
    """Set a draft's quiz settings, creating the quiz if the course has none."""
    require_draft(course)
    problems = []
    if answers_shown not in AnswersShown.values:
        problems.append("Choose when learners see which answers were right.")
    if not title.strip():
        problems.append("Give the quiz a title.")
    if not 1 <= pass_mark <= 100:
        problems.append("The pass mark is a percentage between 1 and 100.")
    if not 0 <= attempts_allowed <= 20:
        problems.append("Allow between 1 and 20 attempts, or 0 for unlimited.")
    if problems:
        raise AuthoringError(*problems)
    quiz, _ = Quiz.objects.update_or_create(
        organisation_id=course.organisation_id,
        course=course,
        defaults={
            "title": title.strip(),
            "pass_mark": pass_mark,
            "attempts_allowed": attempts_allowed,
            "shuffle": shuffle,
            "answers_shown": answers_shown,
        },
    )
    return quiz


def quiz_delete(*, course: Course) -> None:
    """Remove a draft's quiz with its questions, for a course that should have none."""
    require_draft(course)
    Quiz.objects.filter(course=course).delete()


def question_problems(
    *, number: int, kind: str, prompt: str, situation: str, choices: Sequence[ChoiceInput]
) -> list[str]:
    """Return what is wrong with a question, each problem naming the question by its number."""
    name = f"Question {number}" + (f" (“{prompt.strip()[:50]}”)" if prompt.strip() else "")
    problems = []
    if kind not in QuestionKind.values:
        problems.append(f"{name}: choose a kind of question.")
    if not prompt.strip():
        problems.append(f"{name}: write the question.")
    if kind == QuestionKind.SCENARIO and not situation.strip():
        problems.append(f"{name}: a scenario question needs the situation to read first.")
    # The same rules as course-as-code files, so that a course written here exports and imports cleanly.
    if kind == QuestionKind.TRUE_FALSE and sorted(choice.text.strip() for choice in choices) != ["False", "True"]:
        problems.append(f"{name}: a true-or-false question has exactly two choices, “True” and “False”.")
    elif kind == QuestionKind.MULTIPLE and len(choices) < 3:
        problems.append(f"{name}: a multiple-choice question needs at least three choices.")
    elif len(choices) < 2:
        problems.append(f"{name}: give at least two choices.")
    correct = sum(choice.is_correct for choice in choices)
    if kind == QuestionKind.MULTIPLE and correct < 1:
        problems.append(f"{name}: mark at least one choice as correct.")
    elif kind != QuestionKind.MULTIPLE and correct != 1:
        problems.append(f"{name}: mark exactly one choice as correct (it has {correct}).")
    for choice_number, choice in enumerate(choices, start=1):
        if not choice.text.strip():
            problems.append(f"{name}, choice {choice_number}: write the choice's text.")
        if not choice.feedback.strip():
            problems.append(f"{name}, choice {choice_number}: write feedback saying why it is right or wrong.")
    return problems


def _questions(quiz: Quiz) -> list[Question]:
    return list(Question.objects.filter(quiz=quiz).order_by("position", "pk"))


def question_save(
    *,
    course: Course,
    kind: str,
    prompt: str,
    choices: Sequence[ChoiceInput],
    situation: str = "",
    question: Question | None = None,
) -> Question:
    """Add a question to a draft's quiz (or change *question*), with its choices; the quiz is made if missing."""
    require_draft(course)
    with transaction.atomic():
        quiz = Quiz.objects.filter(course=course).first()
        if quiz is None:
            quiz = Quiz.objects.create(organisation_id=course.organisation_id, course=course, title=course.title)
        questions = _questions(quiz)
        if question is not None and question.quiz_id != quiz.pk:
            raise AuthoringError("That question belongs to another course.")
        number = (
            next(i for i, q in enumerate(questions, start=1) if q.pk == question.pk)
            if question is not None
            else len(questions) + 1
        )
        problems = question_problems(number=number, kind=kind, prompt=prompt, situation=situation, choices=choices)
        if problems:
            raise AuthoringError(*problems)
        if question is None:
            question = Question.objects.create(
                organisation_id=course.organisation_id,
                quiz=quiz,
                key=unique_slug(prompt, {q.key for q in questions}, fallback="question"),
                kind=kind,
                prompt=prompt.strip(),
                situation=situation.strip() if kind == QuestionKind.SCENARIO else "",
                position=len(questions),
            )
        else:
            question.kind = kind
            question.prompt = prompt.strip()
            question.situation = situation.strip() if kind == QuestionKind.SCENARIO else ""
            question.save(update_fields=["kind", "prompt", "situation"])
            question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(
                organisation_id=course.organisation_id,
                question=question,
                text=choice.text.strip(),
                is_correct=choice.is_correct,
                feedback=choice.feedback.strip(),
                position=position,
            )
            for position, choice in enumerate(choices)
        )
    return question


def question_delete(*, question: Question) -> None:
    """Delete a question of a draft's quiz."""
    quiz = question.quiz
    require_draft(quiz.course)
    with transaction.atomic():
        question.delete()
        renumber(_questions(quiz))


def question_move(*, question: Question, offset: int) -> None:
    """Move a question up or down in its quiz."""
    require_draft(question.quiz.course)
    with transaction.atomic():
        move_item(_questions(question.quiz), question, offset)
