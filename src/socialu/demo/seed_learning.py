"""Demo learning: a programme launched some weeks ago after a pilot a year ago, with learners at varied progress.

Time runs forward for every learner, as it would in a real organisation:

* **Enrolled first.** A small pilot group was enrolled about a year ago;
  everyone else when the programme launched, unit by unit over a fortnight.
* **Then lessons and quiz attempts**, one course after another along the
  person's path, some failing a quiz before passing it.
* **Then each course completed**, when its quiz is passed.

How long a course takes depends on the course (its length) and the audience
(leaders and observers fit it around other work and take longer, practitioners
less), from days to weeks, so the dashboard's slowest courses and completions
per week tell a true story. About two people in five have started: some
finished the two Ambassador courses, some their whole path, some are part-way.
The demo learner is left one lesson and one quiz away from the Ambassador tier.

Records are written in bulk (a few statements, not one per lesson). The plan
is made once: when the organisation already has progress, a second run adds
nothing.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.curriculum.models import Course, CourseStatus, Lesson, PathCourse, Quiz
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.services import PATH_DUE_DAYS
from socialu.people.selectors import people_in

AMBASSADOR_COURSES = ("why-social-matters", "policy-essentials")
DEMO_LEARNER_EMAIL = "learner@demo.example"
SHARE_STARTED = 0.4
# The programme launched this many days ago, unit by unit over WAVE_DAYS; the pilot about a year ago.
LAUNCH_DAYS_AGO = 100
WAVE_DAYS = 14
PILOT_SHARE = 0.05
PILOT_DAYS_AGO = (352, 368)
# Minutes of study a person fits into a working day, on average.
MINUTES_PER_DAY = 6.0
# How much longer than average each audience takes over the same course.
AUDIENCE_PACE = {"leadership": 1.6, "management": 1.25, "practitioner": 0.8, "infrastructure": 1.0, "observer": 1.4}


@dataclass
class _CourseInfo:
    course: Course
    lessons: list[int]
    quiz: Quiz | None
    minutes: int


@dataclass
class _Plan:
    until: datetime  # nothing is dated after this moment
    enrolled: dict[int, datetime] = field(default_factory=dict)
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
        slug: _CourseInfo(
            course=course,
            lessons=lessons.get(course.pk, []),
            quiz=quizzes.get(course.pk),
            minutes=course.estimated_minutes or 10 * len(lessons.get(course.pk, [])) or 20,
        )
        for slug, course in newest.items()
    }


def _take(
    plan: _Plan,
    organisation: Organisation,
    person_id: int,
    info: _CourseInfo,
    *,
    start: datetime,
    finish: datetime,
    rng: random.Random,
    high_scores: bool = False,
) -> bool:
    """Plan one course worked on from *start* to *finish*; return whether it was completed by ``plan.until``.

    Lessons are spread over the time; the quiz comes last (sometimes failed a
    day or two before it is passed), and the course is completed when it is
    passed. Whatever would fall after ``plan.until`` has not happened yet.
    """
    count = len(info.lessons)
    span = max((finish - start).total_seconds(), 3600.0)
    for index, lesson_id in enumerate(info.lessons):
        moment = start + timedelta(seconds=span * 0.85 * (index + rng.uniform(0.2, 0.8)) / max(count, 1))
        if moment > plan.until:
            return False
        plan.completions.append(
            LessonCompletion(organisation=organisation, person_id=person_id, lesson_id=lesson_id, completed_at=moment)
        )
    if finish > plan.until:
        return False
    if info.quiz is not None:
        pass_mark = info.quiz.pass_mark
        scores = [rng.randint(40, pass_mark - 1)] if pass_mark > 40 and rng.random() < 0.2 else []
        choices = [90, 95, 100, 100] if high_scores else [pass_mark, 85, 90, 90, 95, 100, 100]
        scores.append(max(rng.choice(choices), pass_mark))
        last_lesson = start + timedelta(seconds=span * 0.85)
        for number, score in enumerate(scores, start=1):
            # A failed first try comes between the last lesson and the pass.
            submitted = finish if number == len(scores) else last_lesson + (finish - last_lesson) / 2
            plan.attempts.append(
                QuizAttempt(
                    organisation=organisation,
                    person_id=person_id,
                    quiz=info.quiz,
                    course_version=info.course.version,
                    started_at=submitted - timedelta(minutes=rng.randint(5, 12)),
                    submitted_at=submitted,
                    score_percent=score,
                    passed=score >= pass_mark,
                )
            )
    plan.finished[(person_id, info.course.slug)] = (finish, info.course.version)
    return True


def _days_for(info: _CourseInfo, audience: str, rng: random.Random) -> float:
    """Return how many days one person takes over a course: its length, their audience, and chance."""
    base = info.minutes / MINUTES_PER_DAY * AUDIENCE_PACE.get(audience, 1.0)
    return max(base * math.exp(rng.gauss(0.0, 0.45)), 0.5)


def _plan_person(
    plan: _Plan,
    organisation: Organisation,
    person_id: int,
    *,
    audience: str,
    path: list[str],
    courses: dict[str, _CourseInfo],
    enrolled: datetime,
    pilot: bool,
    rng: random.Random,
) -> None:
    ambassador = [slug for slug in AMBASSADOR_COURSES if slug in courses]
    order = ambassador + [slug for slug in path if slug not in ambassador and slug in courses]
    roll = rng.random()
    if roll < 0.35:  # the Ambassador courses, then stopped
        wanted = len(ambassador)
    elif roll < 0.65:  # the whole path
        wanted = len(order)
    else:  # part-way: somewhere along the path
        wanted = rng.randint(0, max(len(order) - 1, 0))
    high_scores = rng.random() < 0.25
    # The pilot group started at once; of the rest, most start in the first weeks, some only much later.
    available = 10.0 if pilot else max((plan.until - enrolled).total_seconds() / 86400, 1.0)
    moment = enrolled + timedelta(days=min(available * rng.betavariate(1.1, 3.0), available))
    for index, slug in enumerate(order):
        info = courses[slug]
        start = moment + timedelta(days=rng.uniform(0.1, 3))
        days = _days_for(info, audience, rng)
        if index >= wanted:
            # The course they are on now: part of it done, unless its first lesson is still ahead of them.
            _take(plan, organisation, person_id, info, start=start, finish=plan.until + timedelta(days=days), rng=rng)
            return
        finish = start + timedelta(days=days)
        if not _take(plan, organisation, person_id, info, start=start, finish=finish, rng=rng, high_scores=high_scores):
            return
        moment = finish


def _plan_demo_learner(
    plan: _Plan, organisation: Organisation, courses: dict[str, _CourseInfo], now: datetime
) -> int | None:
    """Leave the demo learner one lesson and the quiz of policy essentials away from Ambassador."""
    person = people_in(organisation=organisation).filter(email=DEMO_LEARNER_EMAIL).first()
    first, second = (courses.get(slug) for slug in AMBASSADOR_COURSES)
    if person is None or first is None or second is None:
        return None
    rng = random.Random(7)
    plan.enrolled[person.pk] = now - timedelta(days=LAUNCH_DAYS_AGO)
    _take(plan, organisation, person.pk, first, start=now - timedelta(days=16), finish=now - timedelta(days=9), rng=rng)
    done = max(len(second.lessons) - 1, 0)
    start = now - timedelta(days=7)
    for index, lesson_id in enumerate(second.lessons[:done]):
        plan.completions.append(
            LessonCompletion(
                organisation=organisation,
                person_id=person.pk,
                lesson_id=lesson_id,
                completed_at=start + timedelta(days=index * 0.8, minutes=rng.randint(5, 50)),
            )
        )
    return person.pk


def _enrolment_moment(pilot: bool, unit_id: int | None, now: datetime, rng: random.Random) -> datetime:
    if pilot:
        return now - timedelta(days=rng.uniform(*PILOT_DAYS_AGO))
    # Units joined on successive days of the launch fortnight, at nine in the morning.
    wave = (unit_id or 0) % (WAVE_DAYS + 1)
    day = timezone.localtime(now - timedelta(days=LAUNCH_DAYS_AGO - wave)).replace(hour=9, minute=0, second=0)
    return day.replace(microsecond=0)


def _write(organisation: Organisation, plan: _Plan) -> None:
    # Everyone enrolled at the same moment is updated at once: a few statements, not one per enrolment.
    by_moment: dict[datetime, list[int]] = {}
    for person_id, moment in plan.enrolled.items():
        by_moment.setdefault(moment, []).append(person_id)
    enrolments = Enrolment.objects.filter(organisation=organisation)
    for moment, people in by_moment.items():
        due = timezone.localtime(moment).date() + timedelta(days=PATH_DUE_DAYS)
        for start in range(0, len(people), 500):
            chosen = enrolments.filter(person_id__in=people[start : start + 500])
            chosen.update(enrolled_at=moment)
            chosen.filter(required=True).update(due_on=due)
    finished = sorted({person_id for person_id, _ in plan.finished})
    updates = []
    for start in range(0, len(finished), 500):
        for enrolment in enrolments.filter(person_id__in=finished[start : start + 500], completed_at__isnull=True):
            done = plan.finished.get((enrolment.person_id, enrolment.course_slug))
            if done is not None:
                enrolment.completed_at, enrolment.completed_version = done
                updates.append(enrolment)
    Enrolment.objects.bulk_update(updates, ["completed_at", "completed_version"], batch_size=200)
    LessonCompletion.objects.bulk_create(plan.completions, batch_size=1000, ignore_conflicts=True)
    QuizAttempt.objects.bulk_create(plan.attempts, batch_size=1000)


def seed(organisation: Organisation) -> None:
    """Date everyone's enrolment, give about two in five active people varied progress, and the learner a start."""
    courses = _courses(organisation)
    if not all(slug in courses for slug in AMBASSADOR_COURSES):
        return
    if LessonCompletion.objects.filter(organisation=organisation).exists():
        return  # planned once: a second run adds nothing
    now = timezone.now()
    by_audience: dict[str, list[str]] = {}
    for audience, slug in (
        PathCourse.objects.filter(organisation=organisation, required=True)
        .order_by("path_id", "position")
        .values_list("path__audience", "course_slug")
    ):
        by_audience.setdefault(audience, []).append(slug)
    rng = random.Random(2026)
    plan = _Plan(until=now - timedelta(minutes=5))
    learner_id = _plan_demo_learner(plan, organisation, courses, now)
    people = people_in(organisation=organisation, active=True).order_by("pk")
    for person_id, audience, unit_id in people.values_list("pk", "audience", "unit_id"):
        if person_id == learner_id:
            continue
        pilot = rng.random() < PILOT_SHARE
        enrolled = _enrolment_moment(pilot, unit_id, now, rng)
        plan.enrolled[person_id] = enrolled
        if not pilot and rng.random() >= SHARE_STARTED:
            continue
        _plan_person(
            plan,
            organisation,
            person_id,
            audience=audience,
            path=by_audience.get(audience, []),
            courses=courses,
            enrolled=enrolled,
            pilot=pilot,
            rng=rng,
        )
    with transaction.atomic():
        _write(organisation, plan)
