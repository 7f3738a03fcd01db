"""Changes to learning records: enrolments, lesson completions and quiz attempts.

Enrolment writes are set-based (``INSERT … SELECT`` and ``DELETE … WHERE``) so
that one call covers an organisation of a million people in a few statements;
the SQL is plain enough to run on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef
from django.utils import timezone

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.curriculum.models import Course, LearningPath, Lesson, PathCourse, Question, QuestionKind, Quiz
from socialu.learning.models import Enrolment, EnrolmentSource, LessonCompletion, QuizAttempt
from socialu.learning.selectors import current_course
from socialu.learning.signals import learning_progress_announce
from socialu.people.models import Person, Unit
from socialu.people.selectors import people_in, unit_subtree_ids

__all__ = [
    "PATH_DUE_DAYS",
    "LearningError",
    "enrolment_add",
    "enrolment_sync",
    "lesson_complete",
    "quiz_attempt_submit",
]

# Required path courses are due this many days after the person is enrolled.
PATH_DUE_DAYS = 30
# Ids per statement: well under SQLite's limit on bound parameters.
_CHUNK = 500


class LearningError(InvalidInputError):
    """A learning action that cannot be done; the message tells a person what to do instead."""


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _in_list(column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


# --- Enrolment -----------------------------------------------------------------------


def _insert_path_enrolments(organisation: Organisation, person_ids: Sequence[int] | None) -> int:
    """Enrol active people (all, or *person_ids*) in every course of their audience's path."""
    ops = connection.ops
    due = ops.adapt_datefield_value(timezone.localdate() + timedelta(days=PATH_DUE_DAYS))
    now = ops.adapt_datetimefield_value(timezone.now())
    extra, extra_params = _in_list("p.id", person_ids) if person_ids is not None else ("", [])
    # Only quoted table names and placeholders are put into the text; values travel as parameters.
    sql = (
        f"INSERT INTO {_table(Enrolment)} "  # noqa: S608
        "(organisation_id, person_id, course_slug, required, source, due_on, enrolled_at) "
        "SELECT p.organisation_id, p.id, pc.course_slug, pc.required, %s, "
        "CASE WHEN pc.required THEN %s ELSE NULL END, %s "
        f"FROM {_table(Person)} p "
        f"JOIN {_table(LearningPath)} lp ON lp.organisation_id = p.organisation_id AND lp.audience = p.audience "
        f"JOIN {_table(PathCourse)} pc ON pc.path_id = lp.id "
        f"WHERE p.organisation_id = %s AND p.is_active{extra} "
        "ON CONFLICT (organisation_id, person_id, course_slug) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EnrolmentSource.PATH.value, due, now, organisation.pk, *extra_params])
        return max(int(cursor.rowcount), 0)


def _remove_stale_path_enrolments(organisation: Organisation, person_ids: Sequence[int] | None) -> int:
    """Remove active people's not-started path enrolments that their path no longer holds."""
    stale = Enrolment.objects.filter(
        organisation=organisation, source=EnrolmentSource.PATH, completed_at__isnull=True, person__is_active=True
    )
    if person_ids is not None:
        stale = stale.filter(person_id__in=person_ids)
    in_path = PathCourse.objects.filter(
        organisation=organisation, path__audience=OuterRef("person__audience"), course_slug=OuterRef("course_slug")
    )
    lesson_started = LessonCompletion.objects.filter(
        organisation=organisation, person_id=OuterRef("person_id"), lesson__module__course__slug=OuterRef("course_slug")
    )
    quiz_started = QuizAttempt.objects.filter(
        organisation=organisation, person_id=OuterRef("person_id"), quiz__course__slug=OuterRef("course_slug")
    )
    removed, _ = stale.exclude(Exists(in_path)).exclude(Exists(lesson_started)).exclude(Exists(quiz_started)).delete()
    return removed


def enrolment_sync(*, organisation: Organisation, person_ids: Iterable[int] | None = None) -> int:
    """Bring path enrolments in line with each active person's audience; return how many were created.

    Every active person is enrolled in every course of their audience's
    learning path (required courses are due in ``PATH_DUE_DAYS`` days). A path
    enrolment the person has not started and that their path no longer holds
    (their audience changed, or the path did) is removed; completed, started
    and manual enrolments are kept. Inactive people are left alone. Safe to run
    again: a second run changes nothing.
    """
    ids = None if person_ids is None else sorted(set(person_ids))
    batches: Iterable[Sequence[int] | None] = [None] if ids is None else _chunks(ids)
    created = 0
    with transaction.atomic():
        for batch in batches:
            created += _insert_path_enrolments(organisation, batch)
            _remove_stale_path_enrolments(organisation, batch)
    return created


def _insert_manual_enrolments(
    organisation: Organisation, *, course_slug: str, due_on: date | None, where: str, params: list[Any]
) -> int:
    ops = connection.ops
    # Only quoted table names and placeholders are put into the text; values travel as parameters.
    sql = (
        f"INSERT INTO {_table(Enrolment)} "  # noqa: S608
        "(organisation_id, person_id, course_slug, required, source, due_on, enrolled_at) "
        f"SELECT p.organisation_id, p.id, %s, %s, %s, %s, %s FROM {_table(Person)} p "
        f"WHERE p.organisation_id = %s AND p.is_active{where} "
        "ON CONFLICT (organisation_id, person_id, course_slug) DO NOTHING"
    )
    values: list[Any] = [
        course_slug,
        True,
        EnrolmentSource.MANUAL.value,
        ops.adapt_datefield_value(due_on),
        ops.adapt_datetimefield_value(timezone.now()),
        organisation.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])
        return max(int(cursor.rowcount), 0)


def enrolment_add(
    *,
    organisation: Organisation,
    course_slug: str,
    person: Person | None = None,
    unit: Unit | None = None,
    due_on: date | None = None,
) -> int:
    """Enrol one person, or everyone active in a unit and the units below it, in a course.

    Return how many enrolments were created; people already enrolled in the
    course keep the enrolment they have.
    """
    if (person is None) == (unit is None):
        raise LearningError("Choose either one person or one unit to enrol, not both and not neither.")
    course = current_course(organisation=organisation, course_slug=course_slug)
    if course is None:
        raise LearningError(
            f"There is no course “{course_slug}” to enrol in. Check the course's name on the Curriculum page."
        )
    with transaction.atomic():
        if person is not None:
            if person.organisation_id != organisation.pk:
                raise LearningError("That person is not in this organisation's roster.")
            if not person.is_active:
                raise LearningError(f"{person.name} is marked as inactive. Reactivate them before enrolling them.")
            where, params = _in_list("p.id", [person.pk])
            return _insert_manual_enrolments(
                organisation, course_slug=course_slug, due_on=due_on, where=where, params=params
            )
        assert unit is not None
        if unit.organisation_id != organisation.pk:
            raise LearningError("That unit is not in this organisation.")
        created = 0
        for batch in _chunks(unit_subtree_ids(organisation=organisation, unit=unit)):
            where, params = _in_list("p.unit_id", batch)
            created += _insert_manual_enrolments(
                organisation, course_slug=course_slug, due_on=due_on, where=where, params=params
            )
        return created


# --- Progress and completion ----------------------------------------------------------


# Moments this close to now count as now (clocks on different machines, slow requests).
_NOW_TOLERANCE = timedelta(minutes=1)


def _moment(at: datetime | None) -> datetime:
    """Return when a piece of progress happened: *at*, which may not be in the future, or now."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + _NOW_TOLERANCE:
        raise LearningError("Progress cannot be dated in the future. Check the date and time given.")
    return at


def _day(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y, %H:%M")


def _enrolment_for_progress(*, person: Person, course: Course, moment: datetime, what: str) -> Enrolment:
    """Return the person's enrolment in *course*, enrolling them as of *moment* when they were not.

    Time runs forward: progress dated before the enrolment is refused, so
    that no course looks finished before it was started.
    """
    enrolment, _ = Enrolment.objects.get_or_create(
        organisation_id=person.organisation_id,
        person=person,
        course_slug=course.slug,
        defaults={"required": False, "source": EnrolmentSource.MANUAL, "enrolled_at": moment},
    )
    if moment < enrolment.enrolled_at:
        raise LearningError(
            f"{person.name} was enrolled in “{course.title}” on {_day(enrolment.enrolled_at)}, so {what} cannot be "
            f"dated {_day(moment)}, before that. Check the date, or the enrolment's."
        )
    return enrolment


def _refresh_enrolment(*, person: Person, course: Course, enrolment: Enrolment) -> Enrolment:
    """Mark the person's enrolment in *course* completed once every lesson is done and the quiz passed.

    The course is completed when the last of those happened (a lesson done or
    the quiz first passed), so a completion dated in the past (a backfill)
    never precedes the progress it rests on. Someone who works through a course
    they were not enrolled in is enrolled in it, as an elective, so that their
    progress shows on their learning page.
    """
    if enrolment.completed_at is not None:
        return enrolment
    # Progress carries over between versions: a lesson counts as done when the person did the
    # lesson with the same slug in any version of the course, and a quiz passed on any version counts.
    mine = {"organisation_id": person.organisation_id, "person": person}
    lessons = set(
        Lesson.objects.filter(organisation_id=person.organisation_id, module__course=course).values_list(
            "slug", flat=True
        )
    )
    done: dict[str, datetime] = {}
    for slug, moment in LessonCompletion.objects.filter(**mine, lesson__module__course__slug=course.slug).values_list(
        "lesson__slug", "completed_at"
    ):
        done[slug] = min(moment, done.get(slug, moment))
    if not lessons <= set(done):
        return enrolment
    steps = [done[slug] for slug in lessons]
    if Quiz.objects.filter(organisation_id=person.organisation_id, course=course).exists():
        first_pass = (
            QuizAttempt.objects.filter(**mine, quiz__course__slug=course.slug, passed=True)
            .order_by("submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )
        if first_pass is None:
            return enrolment
        steps.append(first_pass)
    enrolment.completed_at = max([enrolment.enrolled_at, *steps])
    enrolment.completed_version = course.version
    enrolment.save(update_fields=["completed_at", "completed_version"])
    learning_progress_announce(organisation_id=person.organisation_id, person_ids=[person.pk])
    return enrolment


def lesson_complete(*, person: Person, lesson: Lesson, at: datetime | None = None) -> LessonCompletion:
    """Record that *person* has done *lesson* (once; doing it again changes nothing).

    With *at*, record it as done then (for example when importing progress
    made elsewhere); a moment in the future, or before the person's enrolment
    in the course, is refused.
    """
    if lesson.organisation_id != person.organisation_id:
        raise LearningError("This lesson belongs to another organisation's curriculum.")
    moment = _moment(at)
    course = Course.objects.get(pk=lesson.module.course_id)
    with transaction.atomic():
        enrolment = _enrolment_for_progress(
            person=person, course=course, moment=moment, what=f"the lesson “{lesson.title}”"
        )
        completion, _ = LessonCompletion.objects.get_or_create(
            organisation_id=person.organisation_id,
            person=person,
            lesson=lesson,
            defaults={"completed_at": moment},
        )
        _refresh_enrolment(person=person, course=course, enrolment=enrolment)
    return completion


def _attempts_used_message(allowed: int) -> str:
    used = "your one attempt" if allowed == 1 else f"all {allowed} attempts"
    return f"You have used {used} for this quiz. Ask your programme admin to reset them."


def _check_answers(questions: Sequence[Question], answers: dict[str, list[int]]) -> None:
    by_key = {question.key: question for question in questions}
    for key, positions in answers.items():
        question = by_key.get(key)
        if question is None:
            raise LearningError(f"This quiz has no question “{key}”. Reload the quiz and answer again.")
        known = {choice.position for choice in question.choices.all()}
        if any(position not in known for position in positions):
            raise LearningError(
                f"Question {question.position + 1} (“{key}”) has no such choice. Reload the quiz and answer again."
            )
        # Ticking every choice of a one-answer question would reveal which one is right.
        if question.kind != QuestionKind.MULTIPLE and len(set(positions)) > 1:
            raise LearningError(
                f"Question {question.position + 1} (“{key}”) takes one answer: choose only one, then submit again."
            )


def _is_right(question: Question, chosen: list[int]) -> bool:
    """Return whether exactly the correct choices were chosen (one for single kinds, the set for multiple)."""
    correct = {choice.position for choice in question.choices.all() if choice.is_correct}
    return bool(chosen) and set(chosen) == correct


def quiz_attempt_submit(
    *,
    person: Person,
    quiz: Quiz,
    answers: dict[str, list[int]],
    started_at: datetime | None = None,
    at: datetime | None = None,
) -> QuizAttempt:
    """Grade one attempt at *quiz*, record it, and complete the enrolment if the course is now done.

    A question left unanswered counts as wrong. The score is the share of
    questions answered right, rounded down; the attempt passes at the quiz's
    pass mark or above. With *at*, the attempt was submitted then (importing
    results from elsewhere): a moment in the future, or an attempt started
    before the person's enrolment in the course, is refused. A start time from
    the browser is advisory: it is kept within the enrolment and the submission.
    A question that takes one answer (single, true or false, scenario) refuses
    several.
    """
    if quiz.organisation_id != person.organisation_id:
        raise LearningError("This quiz belongs to another organisation's curriculum.")
    now = _moment(at)
    if at is not None and started_at is not None and started_at > at:
        raise LearningError("An attempt cannot be started after it was submitted. Check the two times given.")
    with transaction.atomic():
        # Lock the person so that two submissions at once cannot both take the last attempt.
        people_in(organisation=person.organisation).select_for_update().filter(pk=person.pk).first()
        used = QuizAttempt.objects.filter(
            organisation_id=person.organisation_id, person=person, quiz=quiz, submitted_at__isnull=False
        ).count()
        if quiz.attempts_allowed and used >= quiz.attempts_allowed:
            raise LearningError(_attempts_used_message(quiz.attempts_allowed))
        questions = list(
            Question.objects.filter(organisation_id=quiz.organisation_id, quiz=quiz)
            .prefetch_related("choices")
            .order_by("position")
        )
        _check_answers(questions, answers)
        right = sum(_is_right(question, answers.get(question.key, [])) for question in questions)
        score = 100 * right // len(questions) if questions else 100
        course = Course.objects.get(pk=quiz.course_id)
        started = min(started_at, now) if started_at else now
        enrolment = Enrolment.objects.filter(
            organisation_id=person.organisation_id, person=person, course_slug=course.slug
        ).first()
        if enrolment is not None and at is None:
            started = max(started, min(enrolment.enrolled_at, now))
        enrolment = _enrolment_for_progress(person=person, course=course, moment=started, what="this quiz attempt")
        attempt = QuizAttempt.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            quiz=quiz,
            course_version=course.version,
            started_at=started,
            submitted_at=now,
            score_percent=score,
            passed=score >= quiz.pass_mark,
            answers={key: sorted(set(positions)) for key, positions in answers.items() if positions},
        )
        _refresh_enrolment(person=person, course=course, enrolment=enrolment)
        learning_progress_announce(organisation_id=person.organisation_id, person_ids=[person.pk])
    return attempt
