"""Managing enrolments by hand: due dates in bulk and reminder emails for overdue learning."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Course, CourseStatus, PathCourse
from socialu.learning.models import Enrolment
from socialu.learning.services import LearningError

__all__ = ["REMIND_EVERY_DAYS", "ReminderResult", "enrolment_due_set", "enrolment_reminders_send"]

# Someone with overdue learning is reminded at most once in this many days.
REMIND_EVERY_DAYS = 7
_MAIL_BATCH = 200
_CHUNK = 500


def enrolment_due_set(
    *,
    organisation: Organisation,
    due_on: date | None,
    course_slug: str = "",
    audience: str = "",
) -> int:
    """Set (or clear, with ``due_on=None``) the due date of unfinished enrolments; return how many changed.

    Give a course (every unfinished enrolment in it) or an audience (its
    path's required courses, for people in that audience). A new due date
    starts reminders afresh.
    """
    if bool(course_slug) == bool(audience):
        raise LearningError("Choose either one course or one audience's path, not both and not neither.")
    enrolments = Enrolment.objects.filter(organisation=organisation, completed_at__isnull=True)
    if course_slug:
        if not Course.objects.filter(organisation=organisation, slug=course_slug).exists():
            raise LearningError(f"There is no course “{course_slug}”. Check its name on the Curriculum page.")
        enrolments = enrolments.filter(course_slug=course_slug)
    else:
        if audience not in Audience.values:
            raise LearningError(f"Choose an audience: {', '.join(Audience.values)}.")
        slugs = list(
            PathCourse.objects.filter(organisation=organisation, path__audience=audience, required=True).values_list(
                "course_slug", flat=True
            )
        )
        if not slugs:
            raise LearningError("That audience's path has no required courses.")
        enrolments = enrolments.filter(person__audience=audience, course_slug__in=slugs, required=True)
    with transaction.atomic():
        return enrolments.update(due_on=due_on, last_reminded_at=None)


@dataclass(frozen=True)
class ReminderResult:
    people: int
    enrolments: int


@dataclass(frozen=True)
class _Overdue:
    enrolment_id: int
    person_id: int
    name: str
    email: str
    course_slug: str
    due_on: date


def _overdue(organisation: Organisation, *, today: date, cutoff: object) -> Iterator[_Overdue]:
    """Yield the overdue required enrolments of active people who have not been reminded since *cutoff*."""
    overdue = Enrolment.objects.filter(
        organisation=organisation,
        required=True,
        completed_at__isnull=True,
        due_on__lt=today,
        person__is_active=True,
    ).exclude(person__email="")
    waiting = overdue.filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=cutoff)).values("person_id")
    rows = (
        overdue.filter(person_id__in=waiting)
        .order_by("person_id", "due_on", "course_slug")
        .values_list("pk", "person_id", "person__name", "person__email", "course_slug", "due_on")
    )
    # Read them all before any is marked: SQLite cannot update a table that an open cursor is reading.
    for enrolment_id, person_id, name, email, course_slug, due_on in list(rows):
        assert due_on is not None
        yield _Overdue(enrolment_id, person_id, name, email, course_slug, due_on)


def _message(organisation: Organisation, name: str, courses: list[tuple[str, date]], link: str) -> str:
    lines = "\n".join(f"  - {title} (due {due:%-d %B %Y})" for title, due in courses)
    these = "this required course is" if len(courses) == 1 else "these required courses are"
    return (
        f"Hello {name},\n\nA friendly reminder from {organisation.name}: {these} past the due date.\n\n"
        f"{lines}\n\nPick up where you left off on your learning page:\n{link}\n\n"
        "Each lesson takes a few minutes. If you think this is a mistake, reply to your programme admin.\n"
    )


def enrolment_reminders_send(
    *, organisation: Organisation, every_days: int = REMIND_EVERY_DAYS, today: date | None = None
) -> ReminderResult:
    """Email each person with overdue required learning, at most once every *every_days* days.

    One email per person lists every overdue course; the enrolments it lists
    are marked as reminded, so running this again the same week sends nothing.
    Courses with no published version are left out.
    """
    if every_days < 1:
        raise LearningError("Remind at most once a day: give a number of days of 1 or more.")
    today = today or timezone.localdate()
    now = timezone.now()
    titles = dict(
        Course.objects.filter(organisation=organisation, status=CourseStatus.PUBLISHED)
        .order_by("version")
        .values_list("slug", "title")
    )
    link = f"{settings.SITE_URL}{reverse('my_learning', args=[organisation.slug])}"
    subject = f"{organisation.name}: your overdue learning"
    people = reminded = 0
    batch: list[tuple[str, str, str | None, list[str]]] = []
    batch_ids: list[int] = []

    def flush() -> None:
        # Mark each batch as soon as it is sent, so a failure later does not email these people twice.
        send_mass_mail(batch)
        for start in range(0, len(batch_ids), _CHUNK):
            Enrolment.objects.filter(pk__in=batch_ids[start : start + _CHUNK]).update(last_reminded_at=now)
        batch.clear()
        batch_ids.clear()

    rows = _overdue(organisation, today=today, cutoff=now - timedelta(days=every_days))
    for _, group in groupby(rows, key=lambda row: row.person_id):
        items = [row for row in group if row.course_slug in titles]
        if not items:
            continue
        courses = [(titles[row.course_slug], row.due_on) for row in items]
        batch.append((subject, _message(organisation, items[0].name, courses, link), None, [items[0].email]))
        batch_ids.extend(row.enrolment_id for row in items)
        reminded += len(items)
        people += 1
        if len(batch) >= _MAIL_BATCH:
            flush()
    if batch:
        flush()
    return ReminderResult(people=people, enrolments=reminded)
