"""Reads for the programme dashboard, always for one organisation.

:func:`programme_dashboard_build` turns the counted summary (see
:mod:`socialu.dashboard.counting`) into what a page shows, for any filter, by
adding up the segments the filter selects: a few thousand numbers at most,
whatever the size of the organisation.

What is counted:

* head-count: active people;
* certificate holders: active people holding a current certificate (issued,
  not expired, not revoked) of a tier, each person once per tier they hold;
* completions per ISO week: enrolments completed in each of the last 16
  weeks, by anyone, including people who have since left;
* course durations: days from enrolment to completion, by anyone; "still
  incomplete" counts active people's unfinished enrolments only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from socialu.certification.models import Tier
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Course
from socialu.people.selectors import units_in

TOP_LOCATIONS = 8
SLOWEST_COURSES = 10
NO_UNIT = "No unit"
NO_LOCATION = "No location"
OTHER_LOCATIONS = "Other locations"


# --- What a page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    """Narrow the dashboard to one division (a top-level unit), audience or location."""

    unit_id: int | None = None
    audience: str = ""
    location: str = ""

    @property
    def any(self) -> bool:
        return bool(self.unit_id or self.audience or self.location)


@dataclass
class TierShare:
    """How many active people hold a tier, against the organisation's target."""

    tier_id: int
    name: str
    holders: int
    headcount: int
    target_percent: int

    @property
    def percent(self) -> float:
        return 100 * self.holders / self.headcount if self.headcount else 0.0

    @property
    def target_people(self) -> int:
        return math.ceil(self.headcount * self.target_percent / 100)

    @property
    def still_needed(self) -> int:
        return max(self.target_people - self.holders, 0)

    @property
    def progress_percent(self) -> int:
        """Return how far along the way to the target the tier is, 0-100 (for a progress bar)."""
        if not self.target_people:
            return 0
        return min(100, math.floor(100 * self.holders / self.target_people))

    @property
    def met(self) -> bool:
        return self.headcount > 0 and self.holders >= self.target_people


@dataclass
class BreakdownRow:
    """One division, audience or location: active people and holders of each tier."""

    label: str
    headcount: int = 0
    holders: list[int] = field(default_factory=list)

    @property
    def percents(self) -> list[float]:
        return [100 * held / self.headcount if self.headcount else 0.0 for held in self.holders]

    @property
    def pairs(self) -> list[tuple[int, float]]:
        """Return (holders, percent) for each tier, in tier order."""
        return list(zip(self.holders, self.percents, strict=True))


@dataclass(frozen=True)
class WeekCount:
    start: date
    count: int


@dataclass(frozen=True)
class CourseDuration:
    """How long people take to finish a course, and how many active people have not finished it."""

    slug: str
    title: str
    completed: int
    average_days: float | None
    incomplete: int

    @property
    def incomplete_percent(self) -> float:
        total = self.completed + self.incomplete
        return 100 * self.incomplete / total if total else 0.0


@dataclass
class ProgrammeDashboard:
    """Everything the programme dashboard shows, for one organisation and one filter."""

    filters: DashboardFilters
    target_percent: int
    headcount: int
    tiers: list[TierShare]
    by_division: list[BreakdownRow]
    by_audience: list[BreakdownRow]
    by_location: list[BreakdownRow]
    weeks: list[WeekCount]
    slowest_courses: list[CourseDuration]
    computed_at: datetime | None = None
    stale: bool = False
    divisions: list[tuple[int, str]] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    @property
    def completions(self) -> int:
        return sum(week.count for week in self.weeks)

    @property
    def has_people(self) -> bool:
        return self.headcount > 0


def _division_options(organisation: Organisation) -> list[tuple[int, str]]:
    units = units_in(organisation=organisation).filter(parent__isnull=True).order_by("path")
    return [(pk, path) for pk, path in units.values_list("pk", "path")]


def _selected_segments(
    segments: list[list[str]], filters: DashboardFilters, divisions: list[tuple[int, str]]
) -> set[str]:
    division = dict(divisions).get(filters.unit_id) if filters.unit_id else None
    if filters.unit_id and division is None:
        return set()
    chosen = set()
    for index, (division_name, audience, location) in enumerate(segments):
        if division is not None and division_name != division:
            continue
        if filters.audience and audience != filters.audience:
            continue
        if filters.location and location != filters.location:
            continue
        chosen.add(str(index))
    return chosen


def _breakdown(
    data: dict[str, Any], chosen: set[str], tier_ids: list[int], position: int, label_of: dict[str, str]
) -> dict[str, BreakdownRow]:
    rows: dict[str, BreakdownRow] = {}
    segments = data["segments"]
    for key in chosen:
        label = label_of.get(segments[int(key)][position], segments[int(key)][position])
        row = rows.setdefault(label, BreakdownRow(label, holders=[0] * len(tier_ids)))
        row.headcount += data["headcount"].get(key, 0)
        for index, tier_id in enumerate(tier_ids):
            row.holders[index] += data["certified"].get(str(tier_id), {}).get(key, 0)
    return {label: row for label, row in rows.items() if row.headcount or any(row.holders)}


def programme_dashboard_build(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    filters: DashboardFilters,
    computed_at: datetime | None = None,
    stale: bool = False,
) -> ProgrammeDashboard:
    """Add up the counted segments that *filters* selects into what the dashboard shows."""
    divisions = _division_options(organisation)
    segments: list[list[str]] = data.get("segments", [])
    chosen = _selected_segments(segments, filters, divisions)
    tiers = list(Tier.objects.filter(organisation=organisation, is_active=True).order_by("rank", "pk"))
    tier_ids = [tier.pk for tier in tiers]
    headcount = sum(data.get("headcount", {}).get(key, 0) for key in chosen)
    target = organisation.trained_target_percent
    shares = [
        TierShare(
            tier_id=tier.pk,
            name=tier.name,
            holders=sum(data.get("certified", {}).get(str(tier.pk), {}).get(key, 0) for key in chosen),
            headcount=headcount,
            target_percent=target,
        )
        for tier in tiers
    ]

    by_division = _breakdown(data, chosen, tier_ids, 0, {"": NO_UNIT}) if segments else {}
    audience_labels = {str(value): str(label) for value, label in Audience.choices}
    by_audience = _breakdown(data, chosen, tier_ids, 1, audience_labels) if segments else {}
    by_location = _breakdown(data, chosen, tier_ids, 2, {"": NO_LOCATION}) if segments else {}
    ordered_locations = sorted(by_location.values(), key=lambda row: (-row.headcount, row.label.casefold()))
    top_locations = ordered_locations[:TOP_LOCATIONS]
    if len(ordered_locations) > TOP_LOCATIONS:
        other = BreakdownRow(OTHER_LOCATIONS, holders=[0] * len(tier_ids))
        for row in ordered_locations[TOP_LOCATIONS:]:
            other.headcount += row.headcount
            other.holders = [a + b for a, b in zip(other.holders, row.holders, strict=True)]
        top_locations.append(other)
    audience_order = list(audience_labels.values())

    week_counts = data.get("weeks", {})
    weeks = [
        WeekCount(
            start=date.fromisoformat(start),
            count=sum(week_counts.get(str(index), {}).get(key, 0) for key in chosen),
        )
        for index, start in enumerate(data.get("week_starts", []))
    ]

    titles = dict(
        Course.objects.filter(organisation=organisation).order_by("slug", "version").values_list("slug", "title")
    )
    durations = []
    for slug, cells in data.get("courses", {}).items():
        completed = incomplete = 0
        days = 0.0
        for key in chosen & cells.keys():
            completed += int(cells[key][0])
            days += cells[key][1]
            incomplete += int(cells[key][2])
        if completed or incomplete:
            average = days / completed if completed else None
            durations.append(CourseDuration(slug, titles.get(slug, slug), completed, average, incomplete))
    durations.sort(key=lambda course: (course.average_days is None, -(course.average_days or 0), course.title))

    all_locations: dict[str, int] = {}
    for index, (_, _, location) in enumerate(segments):
        all_locations[location] = all_locations.get(location, 0) + data["headcount"].get(str(index), 0)
    return ProgrammeDashboard(
        filters=filters,
        target_percent=target,
        headcount=headcount,
        tiers=shares,
        by_division=sorted(by_division.values(), key=lambda row: (row.label == NO_UNIT, row.label.casefold())),
        by_audience=sorted(
            by_audience.values(),
            key=lambda row: audience_order.index(row.label) if row.label in audience_order else len(audience_order),
        ),
        by_location=top_locations,
        weeks=weeks,
        slowest_courses=durations[:SLOWEST_COURSES],
        computed_at=computed_at,
        stale=stale,
        divisions=divisions,
        locations=sorted((location for location in all_locations if location), key=str.casefold),
    )
