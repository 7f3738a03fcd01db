"""REST endpoints for learning: progress, lesson completions, quizzes and attempts.

Every path starts with ``/orgs/{org_slug}/learning/``. ``me`` answers for the
person in the roster linked to the caller's account; ``people/{person_id}``
answers for anyone, to those who may follow learners' progress. Authentication
is applied by the API that mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context, linked_person
from socialu.core.permissions import Capability
from socialu.core.tenancy import require
from socialu.learning import selectors, services
from socialu.learning.oversight import selectors as progress_selectors
from socialu.learning.presenting import attempt_dicts, progress_dict
from socialu.people.models import Person
from socialu.people.selectors import person_get

router = Router(tags=["Learning"])


# Schemas --------------------------------------------------------------------------------------


class LessonRef(Schema):
    slug: str
    title: str


class CourseProgressOut(Schema):
    course_slug: str
    course_title: str
    version: int = Field(description="The version of the course learners take now.")
    required: bool
    source: str = Field(description="path (from the audience's learning path) or manual.")
    due_on: date | None
    overdue: bool
    completed: bool
    completed_at: datetime | None
    completed_version: int | None = Field(description="The version the person completed, if they have.")
    lessons_done: int
    lessons_total: int
    percent: int = Field(description="Lessons done plus the quiz, as a share of all steps.")
    next_lesson: LessonRef | None
    has_quiz: bool
    quiz_passed: bool
    best_score: int | None
    attempts_used: int


class PersonRef(Schema):
    id: int
    name: str
    email: str
    employee_id: str
    audience: str


class LearningProgressOut(Schema):
    person: PersonRef
    path: str | None = Field(description="The title of the person's learning path, if their audience has one.")
    completed_courses: int
    courses: list[CourseProgressOut]


class QuizAttemptOut(Schema):
    id: int
    course_slug: str
    course_title: str
    course_version: int
    submitted_at: datetime | None
    score_percent: int | None
    passed: bool | None


class CompletionIn(Schema):
    lesson: str = Field(description="The lesson's slug, in the version of the course learners take now.")
    person_id: int | None = Field(None, description="Record for someone else (programme admins only).")


class CompletionOut(Schema):
    person_id: int
    course_slug: str
    lesson_slug: str
    course_version: int
    completed_at: datetime
    course_completed: bool


class ChoiceOut(Schema):
    position: int = Field(description="Send this number to choose the choice.")
    text: str


class QuizQuestionOut(Schema):
    key: str
    kind: str = Field(description="single, multiple, true_false or scenario.")
    multiple: bool = Field(description="True when every right choice must be chosen.")
    situation: str
    prompt: str
    choices: list[ChoiceOut]


class QuizOut(Schema):
    course_slug: str
    course_version: int
    title: str
    pass_mark: int
    attempts_allowed: int = Field(description="0 means unlimited.")
    attempts_left: int | None = Field(description="For the caller; null when unlimited or not linked.")
    answers_shown: str = Field(
        description="When the right answers are shown: after_each_attempt, after_passing or after_last_attempt."
    )
    questions: list[QuizQuestionOut]


class AttemptIn(Schema):
    answers: dict[str, list[int]] = Field(
        description="Question key → the positions of the chosen choices. A question left out counts as wrong."
    )


class ChosenOut(Schema):
    position: int
    text: str
    right: bool
    feedback: str


class QuestionResultOut(Schema):
    key: str
    prompt: str
    right: bool
    chosen: list[ChosenOut]


class AttemptResultOut(Schema):
    attempt_id: int
    course_slug: str
    course_version: int
    score_percent: int
    passed: bool
    pass_mark: int
    attempts_left: int | None
    answers_shown: bool = Field(description="False while the quiz keeps the right answers back.")
    answers_withheld_message: str = Field(description="Why the right answers are not shown yet; empty when they are.")
    questions: list[QuestionResultOut] = Field(description="Empty while the right answers are kept back.")


class AttemptsQuery(Schema):
    course: str = Field("", description="Only attempts at this course's quiz (its slug).")


# Helpers --------------------------------------------------------------------------------------


def _person_or_404(context: ApiContext, person_id: int) -> Person:
    person = person_get(organisation=context.organisation, person_id=person_id)
    if person is None:
        raise Http404(f"There is no person {person_id} in this organisation.")
    return person


# Progress -------------------------------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/learning/me/progress",
    response={200: LearningProgressOut, 409: ErrorOut},
    summary="My learning progress",
)
def my_progress(request: HttpRequest, org_slug: str) -> Status[dict[str, Any]]:
    """Return the caller's enrolments with progress, next lesson and due dates."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_LEARNING)
    person = linked_person(context)
    learning = selectors.my_learning(organisation=context.organisation, person=person)
    return Status(200, progress_dict(person, learning))


@router.get(
    "/orgs/{org_slug}/learning/people/{person_id}/progress",
    response={200: LearningProgressOut, 404: ErrorOut},
    summary="A person's learning progress",
)
def person_progress(request: HttpRequest, org_slug: str, person_id: int) -> dict[str, Any]:
    """Return one person's enrolments with progress (for admins, facilitators and mentors)."""
    context = api_context(request, org_slug, Capability.VIEW_LEARNER_PROGRESS)
    person = _person_or_404(context, person_id)
    return progress_dict(person, selectors.my_learning(organisation=context.organisation, person=person))


@router.post(
    "/orgs/{org_slug}/learning/courses/{course_slug}/completions",
    response={201: CompletionOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record a lesson as done",
)
def record_completion(
    request: HttpRequest, org_slug: str, course_slug: str, payload: CompletionIn
) -> Status[dict[str, Any]]:
    """Record that the caller (or, for programme admins, ``person_id``) has done a lesson; once only."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_LEARNING)
    me = context.person
    if payload.person_id is not None and (me is None or payload.person_id != me.pk):
        require(context, Capability.MANAGE_ENROLMENTS)
        person: Person | None = _person_or_404(context, payload.person_id)
    else:
        person = me
    player = selectors.lesson_player(
        organisation=context.organisation, person=person, course_slug=course_slug, lesson_slug=payload.lesson
    )
    if player is None:
        raise Http404(f"There is no lesson “{payload.lesson}” in a published course “{course_slug}”.")
    if person is None:
        person = linked_person(context)
    completion = services.lesson_complete(person=person, lesson=player.lesson)
    enrolment = selectors.enrolment_for(organisation=context.organisation, person=person, course_slug=course_slug)
    return Status(
        201,
        {
            "person_id": person.pk,
            "course_slug": player.course.slug,
            "lesson_slug": player.lesson.slug,
            "course_version": player.course.version,
            "completed_at": completion.completed_at,
            "course_completed": enrolment is not None and enrolment.completed_at is not None,
        },
    )


# Quizzes and attempts -------------------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/learning/courses/{course_slug}/quiz",
    response={200: QuizOut, 404: ErrorOut},
    summary="A course's quiz, without the answers",
)
def course_quiz(request: HttpRequest, org_slug: str, course_slug: str) -> dict[str, Any]:
    """Return the quiz of the version learners take now: questions and choices, never which are right."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_LEARNING)
    view = selectors.quiz_view(organisation=context.organisation, person=context.person, course_slug=course_slug)
    if view is None:
        raise Http404("This course has no quiz.")
    return {
        "course_slug": view.course.slug,
        "course_version": view.course.version,
        "title": view.quiz.title,
        "pass_mark": view.quiz.pass_mark,
        "attempts_allowed": view.quiz.attempts_allowed,
        "attempts_left": view.attempts_left,
        "answers_shown": view.quiz.answers_shown,
        "questions": [
            {
                "key": item.question.key,
                "kind": item.question.kind,
                "multiple": item.multiple,
                "situation": item.question.situation,
                "prompt": item.question.prompt,
                "choices": [{"position": choice.position, "text": choice.text} for choice in item.choices],
            }
            for item in view.questions
        ],
    }


@router.post(
    "/orgs/{org_slug}/learning/courses/{course_slug}/quiz/attempts",
    response={201: AttemptResultOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Submit a quiz attempt",
)
def submit_attempt(request: HttpRequest, org_slug: str, course_slug: str, payload: AttemptIn) -> Status[dict[str, Any]]:
    """Grade the caller's answers and return the score, pass or not, and feedback for each question."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_LEARNING)
    person = context.person
    view = selectors.quiz_view(organisation=context.organisation, person=person, course_slug=course_slug)
    if view is None:
        raise Http404("This course has no quiz.")
    person = linked_person(context)
    attempt = services.quiz_attempt_submit(person=person, quiz=view.quiz, answers=payload.answers)
    after = selectors.quiz_view(organisation=context.organisation, person=person, course_slug=course_slug)
    assert after is not None
    withheld = selectors.answers_withheld_message(view=after)
    results = () if withheld else selectors.attempt_results(view=after, attempt=attempt)
    return Status(
        201,
        {
            "attempt_id": attempt.pk,
            "course_slug": view.course.slug,
            "course_version": attempt.course_version,
            "score_percent": attempt.score_percent,
            "passed": attempt.passed,
            "pass_mark": view.quiz.pass_mark,
            "attempts_left": after.attempts_left,
            "answers_shown": not withheld,
            "answers_withheld_message": withheld,
            "questions": [
                {
                    "key": result.question.key,
                    "prompt": result.question.prompt,
                    "right": result.right,
                    "chosen": [
                        {
                            "position": picked.choice.position,
                            "text": picked.choice.text,
                            "right": picked.right,
                            "feedback": picked.choice.feedback,
                        }
                        for picked in result.chosen
                    ],
                }
                for result in results
            ],
        },
    )


@router.get(
    "/orgs/{org_slug}/learning/me/attempts",
    response={200: list[QuizAttemptOut], 409: ErrorOut},
    summary="My quiz attempts",
)
def my_attempts(request: HttpRequest, org_slug: str, filters: Query[AttemptsQuery]) -> Status[Any]:
    """Return the caller's submitted quiz attempts, oldest first, with the version and score of each."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_LEARNING)
    person = linked_person(context)
    rows = progress_selectors.quiz_attempts(
        organisation=context.organisation, person=person, course_slug=filters.course
    )
    return Status(200, attempt_dicts(rows))


@router.get(
    "/orgs/{org_slug}/learning/people/{person_id}/attempts",
    response={200: list[QuizAttemptOut], 404: ErrorOut},
    summary="A person's quiz attempts",
)
def person_attempts(
    request: HttpRequest, org_slug: str, person_id: int, filters: Query[AttemptsQuery]
) -> list[dict[str, Any]]:
    """Return one person's submitted quiz attempts (for admins, facilitators and mentors)."""
    context = api_context(request, org_slug, Capability.VIEW_LEARNER_PROGRESS)
    person = _person_or_404(context, person_id)
    rows = progress_selectors.quiz_attempts(
        organisation=context.organisation, person=person, course_slug=filters.course
    )
    return attempt_dicts(rows)
