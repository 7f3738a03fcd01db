"""Demo learning: learners at varied progress through their paths, so the dashboard has a story.

About two people in five have started: some finished the two Ambassador
courses, some their whole path, some are part-way. Completion dates spread
over the last sixteen weeks, so a completions-per-week chart has a shape. The
demo learner is left one lesson and one quiz away from the Ambassador tier.

Records are written in bulk (a few statements, not one per lesson), and a
second run adds nothing: lesson completions are unique, a quiz already
attempted is not attempted again, and completed enrolments are left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.curriculum.models import Course, CourseStatus, Lesson, PathCourse, Quiz
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.people.selectors import people_in

AMBASSADOR_COURSES = ("why-social-matters", "policy-essentials")
DEMO_LEARNER_EMAIL = "learner@demo.example"
SHARE_STARTED = 0.4
WEEKS = 16


@dataclass
class _CourseInfo:
    course: Course
    lessons: list[int]
    quiz: Quiz | None


@dataclass
class _Plan:
    until: datetime  # nothing is dated after this moment
    completions: list[LessonCompletion] = field(default_factory=list)
    attempts: list[QuizAttempt] = field(default_factory=list)
    finished: dict[tuple[int, str], tuple[datetime, int]] = field(default_factory=dict)


def _courses(organisation: Organisation) -> dict[str, _CourseInfo]:
    newest: dict[str, Course] = {}
    for course in Course.objects.filter(organisation=organisation, status=CourseStatus.PUBLISHED):
        if course.slug not in newest or course.version > newest[course.slug].version:
            newest[course.slug] = course
    ids = [course.pk for course in newest.values()]
    lessons: dict[int, list[int]] = {}
    for lesson_id, course_id in (
        Lesson.objects.filter(organisation=organisation, module__course_id__in=ids)
        .order_by("module__position", "position")
        .values_list("pk", "module__course_id")
    ):
        lessons.setdefault(course_id, []).append(lesson_id)
    quizzes = {quiz.course_id: quiz for quiz in Quiz.objects.filter(organisation=organisation, course_id__in=ids)}
    return {
        slug: _CourseInfo(course=course, lessons=lessons.get(course.pk, []), quiz=quizzes.get(course.pk))
        for slug, course in newest.items()
    }


def _take(
    plan: _Plan,
    organisation: Organisation,
    person_id: int,
    info: _CourseInfo,
    *,
    lessons: int | None,
    finish: bool,
    when: datetime,
    rng: random.Random,
) -> datetime:
    """Plan lesson completions (the first *lessons*, or all) and, to finish, a passed quiz; return the last moment."""
    moment = when
    chosen = info.lessons if lessons is None else info.lessons[:lessons]
    for lesson_id in chosen:
        moment = min(moment + timedelta(minutes=rng.randint(6, 40)), plan.until)
        plan.completions.append(
            LessonCompletion(organisation=organisation, person_id=person_id, lesson_id=lesson_id, completed_at=moment)
        )
    if not finish:
        return moment
    if info.quiz is not None:
        tries = [rng.randint(40, info.quiz.pass_mark - 1)] if rng.random() < 0.2 else []
        tries.append(rng.choice([info.quiz.pass_mark, 85, 90, 90, 95, 100, 100]))
        for score in tries:
            moment = min(moment + timedelta(minutes=rng.randint(5, 20)), plan.until)
            plan.attempts.append(
                QuizAttempt(
                    organisation=organisation,
                    person_id=person_id,
                    quiz=info.quiz,
                    course_version=info.course.version,
                    started_at=moment - timedelta(minutes=8),
                    submitted_at=moment,
                    score_percent=score,
                    passed=score >= info.quiz.pass_mark,
                )
            )
    plan.finished[(person_id, info.course.slug)] = (moment, info.course.version)
    return moment


def _plan_person(
    plan: _Plan,
    organisation: Organisation,
    person_id: int,
    *,
    path: list[str],
    courses: dict[str, _CourseInfo],
    rng: random.Random,
    now: datetime,
) -> None:
    ambassador = [slug for slug in AMBASSADOR_COURSES if slug in courses]
    others = [slug for slug in path if slug not in ambassador and slug in courses]
    roll = rng.random()
    if roll < 0.35:  # the Ambassador courses, done
        finished, partial = ambassador, None
    elif roll < 0.65:  # the whole path
        finished, partial = ambassador + others, None
    else:  # part-way: somewhere along the path
        order = ambassador + others
        cut = rng.randint(0, max(len(order) - 1, 0))
        finished, partial = order[:cut], order[cut] if cut < len(order) else None
    moment = now - timedelta(days=rng.uniform(3, WEEKS * 7))
    for slug in finished:
        moment = min(moment + timedelta(days=rng.uniform(0.2, 4)), now - timedelta(hours=1))
        moment = _take(plan, organisation, person_id, courses[slug], lessons=None, finish=True, when=moment, rng=rng)
    if partial is not None:
        done = rng.randint(1, max(len(courses[partial].lessons) - 1, 1))
        _take(plan, organisation, person_id, courses[partial], lessons=done, finish=False, when=moment, rng=rng)


def _plan_demo_learner(plan: _Plan, organisation: Organisation, courses: dict[str, _CourseInfo], now: datetime) -> None:
    """Leave the demo learner one lesson and the quiz of policy essentials away from Ambassador."""
    person = people_in(organisation=organisation).filter(email=DEMO_LEARNER_EMAIL).first()
    first, second = (courses.get(slug) for slug in AMBASSADOR_COURSES)
    if person is None or first is None or second is None:
        return
    rng = random.Random(7)
    moment = _take(
        plan, organisation, person.pk, first, lessons=None, finish=True, when=now - timedelta(days=9), rng=rng
    )
    count = max(len(second.lessons) - 1, 0)
    _take(plan, organisation, person.pk, second, lessons=count, finish=False, when=moment + timedelta(days=2), rng=rng)


def _write(organisation: Organisation, plan: _Plan) -> None:
    LessonCompletion.objects.bulk_create(plan.completions, batch_size=1000, ignore_conflicts=True)
    tried = set(QuizAttempt.objects.filter(organisation=organisation).values_list("person_id", "quiz_id").distinct())
    new_attempts = [a for a in plan.attempts if (a.person_id, a.quiz_id) not in tried]
    QuizAttempt.objects.bulk_create(new_attempts, batch_size=1000)
    finished_people = sorted({person_id for person_id, _ in plan.finished})
    updates = []
    for start in range(0, len(finished_people), 500):
        for enrolment in Enrolment.objects.filter(
            organisation=organisation,
            person_id__in=finished_people[start : start + 500],
            completed_at__isnull=True,
        ):
            done = plan.finished.get((enrolment.person_id, enrolment.course_slug))
            if done is not None:
                enrolment.completed_at, enrolment.completed_version = done
                updates.append(enrolment)
    Enrolment.objects.bulk_update(updates, ["completed_at", "completed_version"], batch_size=1000)


def seed(organisation: Organisation) -> None:
    """Give about two in five active people varied progress, and the demo learner a near-Ambassador start."""
    courses = _courses(organisation)
    if not all(slug in courses for slug in AMBASSADOR_COURSES):
        return
    now = timezone.now()
    by_audience: dict[str, list[str]] = {}
    for audience, slug in (
        PathCourse.objects.filter(organisation=organisation, required=True)
        .order_by("path_id", "position")
        .values_list("path__audience", "course_slug")
    ):
        by_audience.setdefault(audience, []).append(slug)
    paths = {
        person_id: by_audience.get(audience, [])
        for person_id, audience in people_in(organisation=organisation, active=True).values_list("pk", "audience")
    }
    rng = random.Random(2026)
    learner_id = (
        people_in(organisation=organisation).filter(email=DEMO_LEARNER_EMAIL).values_list("pk", flat=True).first()
    )
    plan = _Plan(until=now - timedelta(minutes=5))
    for person_id in sorted(paths):
        if person_id == learner_id or rng.random() >= SHARE_STARTED:
            continue
        _plan_person(plan, organisation, person_id, path=paths[person_id], courses=courses, rng=rng, now=now)
    _plan_demo_learner(plan, organisation, courses, now)
    with transaction.atomic():
        _write(organisation, plan)
