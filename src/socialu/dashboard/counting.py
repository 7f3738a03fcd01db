"""Counting the programme figures from the raw tables, for the dashboard's summary.

:func:`dashboard_cells_count` counts everything with a handful of GROUP BY
queries, at the grain of a *segment* — one (division, audience, location)
combination — and returns plain data that the dashboard keeps (see
:mod:`socialu.dashboard.models`); :mod:`socialu.dashboard.selectors` adds the
segments up for a page. What each figure counts is described there.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, Sum, Value, When
from django.db.models.expressions import Combinable
from django.utils import timezone

from socialu.certification.models import Tier
from socialu.certification.selectors import current_certificates
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment
from socialu.people.selectors import people_in, unit_divisions

WEEKS = 16
# Bumped when the shape or meaning of the counted data changes, so that older snapshots are counted again
# (2: course durations are no longer clamped at zero; `socialu doctor` reports completions before enrolment).
DATA_VERSION = 2


class DaysBetween(Func):
    """Days (with fractions) from the first moment to the second, as a float; NULL if either is NULL."""

    output_field = FloatField()

    def __init__(self, start: str | Combinable, end: str | Combinable) -> None:
        super().__init__(F(end) if isinstance(end, str) else end, F(start) if isinstance(start, str) else start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # julianday() is built into SQLite; Django's own duration arithmetic calls back into Python per row.
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra_context
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra_context,
        )


def week_starts(now: datetime) -> list[datetime]:
    """Return the starts (Monday 00:00, local time) of the last WEEKS ISO weeks up to *now*, oldest first."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [
        timezone.make_aware(datetime.combine(monday - timedelta(weeks=back), time.min))
        for back in range(WEEKS - 1, -1, -1)
    ]


def _cell_add(cells: dict[str, Any], key: int, value: Any) -> None:
    cells[str(key)] = cells.get(str(key), 0) + value


def dashboard_cells_count(*, organisation: Organisation, now: datetime) -> dict[str, Any]:
    """Count the organisation's programme figures at *now*, per segment, from the raw tables."""
    divisions = unit_divisions(organisation=organisation)
    segment_ids: dict[tuple[str, str, str], int] = {}

    def segment(unit_id: int | None, audience: str, location: str) -> int:
        key = (divisions.get(unit_id, "") if unit_id else "", audience, location)
        return segment_ids.setdefault(key, len(segment_ids))

    headcount: dict[str, int] = {}
    people = (
        people_in(organisation=organisation, active=True)
        .values("unit_id", "audience", "location")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "audience", "location", "n")
        .order_by()
    )
    for unit_id, audience, location, count in people:
        _cell_add(headcount, segment(unit_id, audience, location), count)

    certified: dict[str, dict[str, int]] = {}
    holders = (
        current_certificates(organisation=organisation, at=now)
        .filter(person__is_active=True)
        .values("tier_id", "person__unit_id", "person__audience", "person__location")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("tier_id", "person__unit_id", "person__audience", "person__location", "n")
        .order_by()
    )
    # A person sits in exactly one segment, so distinct holders per segment add up to distinct holders overall.
    for tier_id, unit_id, audience, location, count in holders:
        _cell_add(certified.setdefault(str(tier_id), {}), segment(unit_id, audience, location), count)

    starts = week_starts(now)
    week_of = Case(
        *[When(completed_at__gte=start, then=Value(index)) for index, start in reversed(list(enumerate(starts)))],
        default=Value(-1),
        output_field=IntegerField(),
    )
    weeks: dict[str, dict[str, int]] = {}
    completions = (
        Enrolment.objects.filter(organisation=organisation, completed_at__gte=starts[0], completed_at__lte=now)
        .annotate(week=week_of)
        .values("week", "person__unit_id", "person__audience", "person__location")
        .annotate(n=Count("pk"))
        .values_list("week", "person__unit_id", "person__audience", "person__location", "n")
        .order_by()
    )
    for week, unit_id, audience, location, count in completions:
        _cell_add(weeks.setdefault(str(week), {}), segment(unit_id, audience, location), count)

    courses: dict[str, dict[str, list[float]]] = {}
    durations = (
        Enrolment.objects.filter(organisation=organisation)
        .values("course_slug", "person__unit_id", "person__audience", "person__location")
        .annotate(
            completed=Count("completed_at"),
            days=Sum(DaysBetween("enrolled_at", "completed_at")),
            incomplete=Count("pk", filter=Q(completed_at__isnull=True, person__is_active=True)),
        )
        .values_list(
            "course_slug", "person__unit_id", "person__audience", "person__location", "completed", "days", "incomplete"
        )
        .order_by()
    )
    for slug, unit_id, audience, location, completed, days, incomplete in durations:
        cells = courses.setdefault(slug, {})
        cell = cells.setdefault(str(segment(unit_id, audience, location)), [0, 0.0, 0])
        cell[0] += completed
        # Not clamped: a negative duration is a contradiction in the data, which `socialu doctor` reports.
        cell[1] += float(days or 0.0)
        cell[2] += incomplete

    return {
        "version": DATA_VERSION,
        "segments": [list(key) for key in segment_ids],
        "headcount": headcount,
        "certified": certified,
        "week_starts": [start.date().isoformat() for start in starts],
        "weeks": weeks,
        "courses": courses,
    }


def next_change_after(*, organisation: Organisation, now: datetime) -> datetime:
    """Return when the figures counted at *now* change by themselves: a certificate expires or a week starts."""
    moments = [week_starts(now)[-1] + timedelta(weeks=1)]
    for tier_id in Tier.objects.filter(organisation=organisation).values_list("pk", flat=True):
        expiry = (
            current_certificates(organisation=organisation, at=now)
            .filter(tier_id=tier_id)
            .order_by("expires_at")
            .values_list("expires_at", flat=True)
            .first()
        )
        if expiry is not None:
            moments.append(expiry)
    return min(moments)
