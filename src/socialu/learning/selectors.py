"""Reads of learning records: a learner's page, the lesson player and the quiz."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.curriculum.models import AnswersShown, Choice, Course, CourseStatus, LearningPath, Lesson, Question, Quiz
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.people.models import Person


def enrolment_for(*, organisation: Organisation, person: Person, course_slug: str) -> Enrolment | None:
    """Return the person's enrolment in course *course_slug*, or None."""
    return Enrolment.objects.filter(organisation=organisation, person=person, course_slug=course_slug).first()


def _learnable(courses: list[Course]) -> dict[str, Course]:
    """Return slug → the version learners take: the published one (the newest, should there be several)."""
    published: dict[str, Course] = {}
    for course in courses:
        if course.status == CourseStatus.PUBLISHED and (
            course.slug not in published or course.version > published[course.slug].version
        ):
            published[course.slug] = course
    return published


def current_course(*, organisation: Organisation, course_slug: str) -> Course | None:
    """Return the version of a course learners take now, or None if there is none to take."""
    return _learnable(list(Course.objects.filter(organisation=organisation, slug=course_slug))).get(course_slug)


def _ordered_lessons(organisation: Organisation, course_ids: list[int]) -> list[Lesson]:
    return list(
        Lesson.objects.filter(organisation=organisation, module__course_id__in=course_ids)
        .select_related("module")
        .only("pk", "slug", "title", "estimated_minutes", "module__course_id", "module__position", "position")
        .order_by("module__position", "position")
    )


# --- My learning ------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseProgress:
    """One enrolment with how far the person has got."""

    enrolment: Enrolment
    course: Course
    lessons_done: int
    lessons_total: int
    next_lesson: Lesson | None
    has_quiz: bool
    quiz_passed: bool
    best_score: int | None
    attempts_used: int
    today: date

    @property
    def completed(self) -> bool:
        return self.enrolment.completed_at is not None

    @property
    def overdue(self) -> bool:
        due = self.enrolment.due_on
        return not self.completed and due is not None and due < self.today

    @property
    def steps_total(self) -> int:
        return self.lessons_total + (1 if self.has_quiz else 0)

    @property
    def steps_done(self) -> int:
        if self.completed:
            return self.steps_total
        return self.lessons_done + (1 if self.quiz_passed else 0)

    @property
    def percent(self) -> int:
        return 100 * self.steps_done // self.steps_total if self.steps_total else 100

    @property
    def started(self) -> bool:
        return self.lessons_done > 0 or self.attempts_used > 0


@dataclass(frozen=True)
class MyLearning:
    person: Person
    path: LearningPath | None
    courses: tuple[CourseProgress, ...]

    @property
    def next(self) -> CourseProgress | None:
        """Return the course to continue: the first unfinished one, required courses first."""
        unfinished = [progress for progress in self.courses if not progress.completed]
        required = [progress for progress in unfinished if progress.enrolment.required]
        candidates = required or unfinished
        return candidates[0] if candidates else None

    @property
    def completed_count(self) -> int:
        return sum(1 for progress in self.courses if progress.completed)


def my_learning(*, organisation: Organisation, person: Person) -> MyLearning:
    """Return the person's enrolments in path order with their progress, in a fixed number of queries."""
    enrolments = list(Enrolment.objects.filter(organisation=organisation, person=person))
    path = LearningPath.objects.filter(organisation=organisation, audience=person.audience).first()
    positions: dict[str, int] = {}
    if path is not None:
        positions = dict(path.steps.values_list("course_slug", "position"))
    courses = _learnable(
        list(Course.objects.filter(organisation=organisation, slug__in=[e.course_slug for e in enrolments]))
    )
    course_ids = [course.pk for course in courses.values()]
    lessons_by_course: dict[int, list[Lesson]] = {}
    for lesson in _ordered_lessons(organisation, course_ids):
        lessons_by_course.setdefault(lesson.module.course_id, []).append(lesson)
    # A lesson is done when the person did the lesson with the same slug in any version of the course.
    done = set(
        LessonCompletion.objects.filter(
            organisation=organisation, person=person, lesson__module__course__slug__in=list(courses)
        ).values_list("lesson__module__course__slug", "lesson__slug")
    )
    quizzes = dict(
        Quiz.objects.filter(organisation=organisation, course_id__in=course_ids).values_list("course_id", "pk")
    )
    # course slug → (best score and attempts at the current version's quiz, passes at any version's quiz)
    current_quizzes = Q(quiz_id__in=list(quizzes.values()))
    attempts: dict[str, tuple[int | None, int, int]] = {
        row["quiz__course__slug"]: (row["best"], row["used"], row["passes"])
        for row in QuizAttempt.objects.filter(
            organisation=organisation, person=person, quiz__course__slug__in=list(courses), submitted_at__isnull=False
        )
        .values("quiz__course__slug")
        .annotate(
            best=Max("score_percent", filter=current_quizzes),
            used=Count("pk", filter=current_quizzes),
            passes=Count("pk", filter=Q(passed=True)),
        )
    }
    today = timezone.localdate()
    progress = []
    for enrolment in enrolments:
        course = courses.get(enrolment.course_slug)
        if course is None:
            continue
        lessons = lessons_by_course.get(course.pk, [])
        quiz_id = quizzes.get(course.pk)
        best, used, passes = attempts.get(course.slug, (None, 0, 0)) if quiz_id else (None, 0, 0)
        progress.append(
            CourseProgress(
                enrolment=enrolment,
                course=course,
                lessons_done=sum(1 for lesson in lessons if (course.slug, lesson.slug) in done),
                lessons_total=len(lessons),
                next_lesson=next((lesson for lesson in lessons if (course.slug, lesson.slug) not in done), None),
                has_quiz=quiz_id is not None,
                quiz_passed=passes > 0,
                best_score=best,
                attempts_used=used,
                today=today,
            )
        )
    progress.sort(
        key=lambda p: (
            p.enrolment.course_slug not in positions,
            positions.get(p.enrolment.course_slug, 0),
            p.enrolment.enrolled_at,
            p.enrolment.course_slug,
        )
    )
    return MyLearning(person=person, path=path, courses=tuple(progress))


# --- The lesson player ---------------------------------------------------------------------


@dataclass(frozen=True)
class LessonPlayer:
    course: Course
    lesson: Lesson
    previous: Lesson | None
    next: Lesson | None
    number: int
    total: int
    done: bool
    has_quiz: bool
    quiz_passed: bool


def lesson_player(
    *, organisation: Organisation, person: Person | None, course_slug: str, lesson_slug: str
) -> LessonPlayer | None:
    """Return a lesson of the course version learners take now, with its neighbours and whether it is done."""
    course = current_course(organisation=organisation, course_slug=course_slug)
    if course is None:
        return None
    lessons = list(
        Lesson.objects.filter(organisation=organisation, module__course=course).order_by("module__position", "position")
    )
    index = next((i for i, lesson in enumerate(lessons) if lesson.slug == lesson_slug), None)
    if index is None:
        return None
    quiz = Quiz.objects.filter(organisation=organisation, course=course).first()
    mine = Q(organisation=organisation, person=person)
    return LessonPlayer(
        course=course,
        lesson=lessons[index],
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        number=index + 1,
        total=len(lessons),
        done=person is not None
        and LessonCompletion.objects.filter(
            mine, lesson__module__course__slug=course.slug, lesson__slug=lessons[index].slug
        ).exists(),
        has_quiz=quiz is not None,
        quiz_passed=quiz is not None
        and person is not None
        and QuizAttempt.objects.filter(mine, quiz__course__slug=course.slug, passed=True).exists(),
    )


# --- The quiz --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionView:
    question: Question
    choices: tuple[Choice, ...]

    @property
    def multiple(self) -> bool:
        return self.question.kind == "multiple"


@dataclass(frozen=True)
class QuizView:
    course: Course
    quiz: Quiz
    questions: tuple[QuestionView, ...]
    attempts: tuple[QuizAttempt, ...]

    @property
    def attempts_left(self) -> int | None:
        """Return how many attempts remain, or None when they are unlimited."""
        if not self.quiz.attempts_allowed:
            return None
        return max(self.quiz.attempts_allowed - len(self.attempts), 0)

    @property
    def can_try(self) -> bool:
        left = self.attempts_left
        return left is None or left > 0

    @property
    def passed(self) -> bool:
        return any(attempt.passed for attempt in self.attempts)

    @property
    def best_score(self) -> int | None:
        return max((attempt.score_percent or 0 for attempt in self.attempts), default=None)


def quiz_view(*, organisation: Organisation, person: Person | None, course_slug: str) -> QuizView | None:
    """Return the quiz of the course version learners take now, with the person's past attempts.

    When the quiz shuffles, each attempt sees the choices in its own order,
    the same every time the page is opened until that attempt is submitted.
    """
    course = current_course(organisation=organisation, course_slug=course_slug)
    quiz = Quiz.objects.filter(organisation=organisation, course=course).first() if course else None
    if course is None or quiz is None:
        return None
    attempts: tuple[QuizAttempt, ...] = ()
    if person is not None:
        attempts = tuple(
            QuizAttempt.objects.filter(
                organisation=organisation, person=person, quiz=quiz, submitted_at__isnull=False
            ).order_by("submitted_at", "pk")
        )
    shuffler = random.Random(f"{person.pk if person else 0}:{quiz.pk}:{len(attempts) + 1}")
    questions = []
    for question in Question.objects.filter(organisation=organisation, quiz=quiz).prefetch_related("choices"):
        choices = sorted(question.choices.all(), key=lambda choice: choice.position)
        if quiz.shuffle:
            shuffler.shuffle(choices)
        questions.append(QuestionView(question=question, choices=tuple(choices)))
    return QuizView(course=course, quiz=quiz, questions=tuple(questions), attempts=attempts)


@dataclass(frozen=True)
class ChosenChoice:
    choice: Choice
    right: bool


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    right: bool
    chosen: tuple[ChosenChoice, ...]


def answers_withheld_message(*, view: QuizView) -> str:
    """Return why the right answers are not shown to this learner yet, or "" when they are.

    *view* is the quiz as the learner sees it after their latest attempt. The
    quiz's ``answers_shown`` setting decides; until then only the score is shown, so
    that trying every choice reveals nothing while attempts remain.
    """
    timing = view.quiz.answers_shown
    if timing == AnswersShown.AFTER_EACH_ATTEMPT:
        return ""
    if timing == AnswersShown.AFTER_LAST_ATTEMPT:
        if not view.can_try or (view.attempts_left is None and view.passed):
            return ""
        if view.attempts_left is None:
            return "Which answers were right is shown once you pass."
        return "Which answers were right is shown after your last attempt."
    if view.passed:
        return ""
    return "Which answers were right is shown once you pass."


def attempt_results(*, view: QuizView, attempt: QuizAttempt) -> tuple[QuestionResult, ...]:
    """Return, per question, whether the attempt got it right and the feedback of each chosen choice."""
    results = []
    for item in view.questions:
        chosen_positions = set(attempt.answers.get(item.question.key, []))
        correct = {choice.position for choice in item.choices if choice.is_correct}
        chosen = sorted(
            (choice for choice in item.choices if choice.position in chosen_positions), key=lambda c: c.position
        )
        results.append(
            QuestionResult(
                question=item.question,
                right=bool(chosen_positions) and chosen_positions == correct,
                chosen=tuple(ChosenChoice(choice=choice, right=choice.is_correct) for choice in chosen),
            )
        )
    return tuple(results)
