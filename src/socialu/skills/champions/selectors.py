"""Reads of the champions network: who holds a term, coverage gaps, activity and recognition."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.learning.models import Enrolment
from socialu.people.models import Person, Unit
from socialu.people.selectors import people_in, unit_divisions, unit_subtree_ids, units_in
from socialu.practice.models import Attempt, Review
from socialu.skills.models import (
    ChampionAnnouncement,
    ChampionRole,
    ChampionSettings,
    ChampionTerm,
    Endorsement,
    Nomination,
    NominationStatus,
)


def champion_settings(*, organisation: Organisation) -> ChampionSettings:
    """Return the organisation's champion settings (defaults when never saved)."""
    found = ChampionSettings.objects.filter(organisation=organisation).first()
    return found or ChampionSettings(organisation=organisation)


def terms_current(*, organisation: Organisation, on: date | None = None) -> QuerySet[ChampionTerm]:
    """Return the terms running on *on* (default today): started, not over, not ended early."""
    day = on or timezone.localdate()
    return ChampionTerm.objects.filter(
        organisation=organisation, starts_on__lte=day, ends_on__gte=day, ended_on__isnull=True
    ).select_related("person", "person__unit")


def term_get(*, organisation: Organisation, term_id: int) -> ChampionTerm | None:
    return ChampionTerm.objects.filter(organisation=organisation, pk=term_id).select_related("person").first()


def nominations_pending(*, organisation: Organisation) -> QuerySet[Nomination]:
    return Nomination.objects.filter(organisation=organisation, status=NominationStatus.PENDING).select_related(
        "person", "person__unit"
    )


def nominations_recent(*, organisation: Organisation, limit: int = 50) -> list[Nomination]:
    return list(Nomination.objects.filter(organisation=organisation).select_related("person")[:limit])


def nomination_get(*, organisation: Organisation, nomination_id: int) -> Nomination | None:
    return Nomination.objects.filter(organisation=organisation, pk=nomination_id).select_related("person").first()


def announcements(
    *, organisation: Organisation, since: datetime | None = None, limit: int = 20
) -> list[ChampionAnnouncement]:
    rows = ChampionAnnouncement.objects.filter(organisation=organisation)
    if since is not None:
        rows = rows.filter(created_at__gt=since)
    return list(rows[:limit])


def is_current_champion(*, organisation: Organisation, person: Person | None) -> bool:
    """Return whether *person* holds a running term (champion or executive sponsor)."""
    return person is not None and terms_current(organisation=organisation).filter(person=person).exists()


@dataclass
class Coverage:
    """Which divisions and locations have an active champion, and which have none (the gaps)."""

    divisions: list[tuple[str, int, int]] = field(default_factory=list)  # (name, people, champions)
    locations: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def division_gaps(self) -> list[str]:
        return [name for name, people, champions in self.divisions if people and not champions]

    @property
    def location_gaps(self) -> list[str]:
        return [name for name, people, champions in self.locations if people and not champions]


def coverage(*, organisation: Organisation, unit: Unit | None = None) -> Coverage:
    """Return champion coverage by division (or, for *unit*, by its direct sub-units) and by location."""
    people = people_in(organisation=organisation, active=True)
    if unit is not None:
        people = people.filter(unit_id__in=unit_subtree_ids(organisation=organisation, unit=unit))
    champions = set(
        terms_current(organisation=organisation).filter(role=ChampionRole.CHAMPION).values_list("person_id", flat=True)
    )
    divisions = unit_divisions(organisation=organisation)
    if unit is not None:
        # Inside a unit, the "divisions" are its direct children (and the unit itself for people placed in it).
        depth = unit.path.count(" › ") + 1
        paths = dict(units_in(organisation=organisation).values_list("pk", "path"))
        divisions = {pk: " › ".join(path.split(" › ")[: depth + 1]) for pk, path in paths.items()}
    by_division: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_location: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for person_id, unit_id, location in people.values_list("pk", "unit_id", "location"):
        division = divisions.get(unit_id, "") if unit_id else ""
        for key, table in ((division or "No unit", by_division), (location or "No location", by_location)):
            table[key][0] += 1
            table[key][1] += person_id in champions
    return Coverage(
        divisions=sorted((name, counts[0], counts[1]) for name, counts in by_division.items()),
        locations=sorted((name, counts[0], counts[1]) for name, counts in by_location.items()),
    )


# --- Activity and recognition ---------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """What a champion did, counted from evidence, and the badges it earns."""

    person: Person
    reviews_given: int
    reviews_passed: int
    mean_review_score: float
    courses_completed: int
    endorsements_given: int
    quality: float
    badges: tuple[str, ...]


# Badge: (name, the count it looks at, the least count, what it recognises)
BADGES = (
    ("Reviewer", "reviews_given", 5, "reviewed five colleagues' practice answers"),
    ("Skilled writer", "reviews_passed", 3, "passed three practice reviews"),
    ("Lifelong learner", "courses_completed", 5, "completed five courses"),
    ("Connector", "endorsements_given", 3, "endorsed three colleagues' skills"),
)


def _quality(reviews_given: int, reviews_passed: int, mean_score: float, courses: int, endorsements: int) -> float:
    """Return a recognition score where quality counts more than volume.

    Volume counts with diminishing returns (square roots), and passed practice is
    weighted by the rubric's mean score: ten weak reviews never outrank three strong ones.
    """
    craft = math.sqrt(reviews_passed) * (mean_score / 5) * 3
    return round(craft + math.sqrt(reviews_given) + 0.5 * math.sqrt(courses) + 0.25 * math.sqrt(endorsements), 3)


def activity_for(*, organisation: Organisation, people: Collection[Person]) -> list[Activity]:
    """Return the activity of *people* from the evidence SocialU holds, best quality first."""
    by_id = {person.pk: person for person in people}
    user_to_person = {person.user_id: person.pk for person in people if person.user_id}
    reviews_given = Counter(
        user_to_person[user_id]
        for user_id in Review.objects.filter(
            organisation=organisation, reviewer_id__in=list(user_to_person)
        ).values_list("reviewer_id", flat=True)
    )
    passed: dict[int, list[float]] = defaultdict(list)
    for person_id, score in Attempt.objects.filter(
        organisation=organisation, passed=True, person_id__in=list(by_id)
    ).values_list("person_id", "mean_score"):
        passed[person_id].append(float(score or 0))
    courses = Counter(
        Enrolment.objects.filter(
            organisation=organisation, completed_at__isnull=False, person_id__in=list(by_id)
        ).values_list("person_id", flat=True)
    )
    endorsements = Counter(
        Endorsement.objects.filter(organisation=organisation, endorser_id__in=list(by_id)).values_list(
            "endorser_id", flat=True
        )
    )
    activities = []
    for person_id, person in by_id.items():
        scores = passed.get(person_id, [])
        mean = sum(scores) / len(scores) if scores else 0.0
        counts = {
            "reviews_given": reviews_given[person_id],
            "reviews_passed": len(scores),
            "courses_completed": courses[person_id],
            "endorsements_given": endorsements[person_id],
        }
        badges = tuple(name for name, key, least, _why in BADGES if counts[key] >= least)
        activities.append(
            Activity(
                person=person,
                mean_review_score=round(mean, 2),
                quality=_quality(
                    counts["reviews_given"], counts["reviews_passed"], mean, courses[person_id], endorsements[person_id]
                ),
                badges=badges,
                **counts,
            )
        )
    return sorted(activities, key=lambda activity: (-activity.quality, activity.person.name))
