"""Read practice records: scenarios for a learner, attempts, the review queue and progress."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.practice.charts import LineChart, line_chart
from socialu.practice.models import (
    Attempt,
    AttemptStatus,
    Difficulty,
    PracticeSettings,
    Review,
    ReviewRule,
    Scenario,
    ScenarioStatus,
)

DIFFICULTY_ORDER: tuple[str, ...] = tuple(Difficulty.values)
QUEUE_LIMIT = 200
# Above this many people, evaluate for everyone and intersect in Python rather than send a huge IN list.
_IN_LIMIT = 5_000


@dataclass(frozen=True)
class ScenarioFilters:
    """What a learner narrowed the scenario list to; empty values mean "any"."""

    platform: str = ""
    difficulty: str = ""
    situation_type: str = ""
    audience: str = ""

    @property
    def active(self) -> bool:
        return bool(self.platform or self.difficulty or self.situation_type or self.audience)


def scenarios_exist(*, organisation: Organisation) -> bool:
    """Return whether the organisation has any scenarios installed."""
    return Scenario.objects.filter(organisation=organisation).exists()


def scenario_list(
    *, organisation: Organisation, filters: ScenarioFilters | None = None, include_retired: bool = False
) -> list[Scenario]:
    """Return the organisation's scenarios matching *filters*, easiest first, then by title."""
    filters = filters or ScenarioFilters()
    scenarios = Scenario.objects.filter(organisation=organisation).defer(
        "brief", "model_answer", "model_answer_notes", "rubric", "replying_to_text"
    )
    if not include_retired:
        scenarios = scenarios.filter(status=ScenarioStatus.ACTIVE)
    if filters.platform:
        scenarios = scenarios.filter(platform=filters.platform)
    if filters.difficulty:
        scenarios = scenarios.filter(difficulty=filters.difficulty)
    if filters.situation_type:
        scenarios = scenarios.filter(situation_type=filters.situation_type)
    # Audiences are a short JSON list; a few hundred scenarios at most, so filter here (works on every database).
    result = [s for s in scenarios if not filters.audience or filters.audience in (s.audiences or [])]
    rank = {value: index for index, value in enumerate(DIFFICULTY_ORDER)}
    return sorted(result, key=lambda s: (rank.get(s.difficulty, 0), s.title.lower()))


def latest_attempts(*, organisation: Organisation, person: Person | None) -> dict[int, Attempt]:
    """Return scenario id → the person's latest attempt at it (for the scenario list)."""
    if person is None:
        return {}
    latest: dict[int, Attempt] = {}
    for attempt in (
        Attempt.objects.filter(organisation=organisation, person=person)
        .only("scenario_id", "status", "mean_score", "passed", "created_at")
        .order_by("created_at", "pk")
    ):
        latest[attempt.scenario_id] = attempt
    return latest


def scenario_get(*, organisation: Organisation, slug: str, include_retired: bool = False) -> Scenario | None:
    """Return the organisation's scenario with *slug* (active only unless asked), or None."""
    scenarios = Scenario.objects.filter(organisation=organisation, slug=slug)
    if not include_retired:
        scenarios = scenarios.filter(status=ScenarioStatus.ACTIVE)
    return scenarios.first()


def draft_for(*, organisation: Organisation, person: Person, scenario: Scenario) -> Attempt | None:
    """Return the person's unsent draft for *scenario*, or None."""
    return Attempt.objects.filter(
        organisation=organisation, person=person, scenario=scenario, status=AttemptStatus.DRAFT
    ).first()


def submitted_attempts(*, organisation: Organisation, person: Person, scenario: Scenario) -> list[Attempt]:
    """Return the person's submitted attempts at *scenario*, oldest first."""
    return list(
        Attempt.objects.filter(organisation=organisation, person=person, scenario=scenario)
        .exclude(status=AttemptStatus.DRAFT)
        .order_by("submitted_at", "pk")
    )


def has_submitted(*, organisation: Organisation, person: Person | None, scenario: Scenario) -> bool:
    """Return whether the person has submitted an answer to *scenario* (which reveals the model answer)."""
    if person is None:
        return False
    return (
        Attempt.objects.filter(organisation=organisation, person=person, scenario=scenario)
        .exclude(status=AttemptStatus.DRAFT)
        .exists()
    )


def attempt_get(*, organisation: Organisation, attempt_id: int) -> Attempt | None:
    """Return the organisation's attempt with its person, scenario and reviews, or None."""
    return (
        Attempt.objects.filter(organisation=organisation, pk=attempt_id)
        .select_related("person", "scenario")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.order_by("created_at", "pk")))
        .first()
    )


def attempt_visible_to(attempt: Attempt, *, user_id: int) -> bool:
    """Return whether the user may see *attempt*: their own always; anyone's once it is submitted for review."""
    return attempt.person.user_id == user_id or attempt.status != AttemptStatus.DRAFT


def review_rule(*, organisation: Organisation) -> str:
    """Return the organisation's rule for whose practice reviews decide (a ``ReviewRule`` value)."""
    return (
        PracticeSettings.objects.filter(organisation=organisation).values_list("review_rule", flat=True).first()
        or ReviewRule.LEADS_DECIDE
    )


def is_own_attempt(attempt: Attempt, *, user_id: int) -> bool:
    return attempt.person.user_id is not None and attempt.person.user_id == user_id


def review_by(*, organisation: Organisation, attempt: Attempt, user_id: int) -> Review | None:
    """Return the user's review of *attempt*, or None."""
    return Review.objects.filter(organisation=organisation, attempt=attempt, reviewer_id=user_id).first()


def review_queue(
    *, organisation: Organisation, user_id: int, scenario_slug: str = "", platform: str = "", limit: int = QUEUE_LIMIT
) -> list[Attempt]:
    """Return submitted attempts waiting for a deciding review, oldest first, leaving out the user's own.

    Answers the user has already reviewed (as advice, when their review did not decide) are left out too.
    """
    attempts = (
        Attempt.objects.filter(organisation=organisation, status=AttemptStatus.SUBMITTED)
        .exclude(person__user_id=user_id)
        .exclude(reviews__reviewer_id=user_id)
        .select_related("person", "scenario")
        .defer("scenario__brief", "scenario__model_answer", "scenario__rubric", "scenario__replying_to_text")
        .order_by("submitted_at", "pk")
    )
    if scenario_slug:
        attempts = attempts.filter(scenario__slug=scenario_slug)
    if platform:
        attempts = attempts.filter(scenario__platform=platform)
    return list(attempts[:limit])


def review_queue_waiting(*, organisation: Organisation, user_id: int) -> tuple[int, Attempt | None]:
    """Return how many submitted attempts wait for a first review (not the user's own) and the oldest of them."""
    waiting = (
        Attempt.objects.filter(organisation=organisation, status=AttemptStatus.SUBMITTED)
        .exclude(person__user_id=user_id)
        .exclude(reviews__reviewer_id=user_id)
    )
    count = waiting.count()
    oldest = waiting.select_related("scenario").order_by("submitted_at", "pk").first() if count else None
    return count, oldest


def review_queue_scenarios(*, organisation: Organisation) -> list[tuple[str, str]]:
    """Return (slug, title) of the scenarios with attempts waiting for review, for the queue's filter."""
    rows = (
        Attempt.objects.filter(organisation=organisation, status=AttemptStatus.SUBMITTED)
        .values_list("scenario__slug", "scenario__title")
        .distinct()
        .order_by("scenario__title")
    )
    return list(rows)


@dataclass(frozen=True)
class ScenarioProgress:
    """A person's reviewed attempts at one scenario and their chart."""

    scenario: Scenario
    attempts: list[Attempt]
    chart: LineChart | None


@dataclass(frozen=True)
class MyPractice:
    """Every attempt of a person, newest first, with their scores over time overall and per scenario."""

    attempts: list[Attempt]
    reviewed: list[Attempt]
    chart: LineChart | None
    by_scenario: list[ScenarioProgress] = field(default_factory=list)

    @property
    def passed_count(self) -> int:
        return sum(1 for attempt in self.attempts if attempt.passed)


def my_practice(*, organisation: Organisation, person: Person) -> MyPractice:
    """Return the person's practice record: attempts, and charts of the mean score across reviewed attempts."""
    attempts = list(
        Attempt.objects.filter(organisation=organisation, person=person)
        .select_related("scenario")
        .defer("scenario__brief", "scenario__model_answer", "scenario__rubric", "scenario__replying_to_text")
        .order_by("-created_at", "-pk")
    )
    reviewed = sorted(
        (attempt for attempt in attempts if attempt.mean_score is not None),
        key=lambda attempt: (attempt.submitted_at or attempt.created_at, attempt.pk),
    )
    chart = line_chart(
        [(f"{a.scenario.title} ({a.submitted_at or a.created_at:%d %b})", a.mean_score or 0) for a in reviewed]
    )
    grouped: dict[int, list[Attempt]] = {}
    for attempt in reviewed:
        grouped.setdefault(attempt.scenario_id, []).append(attempt)
    by_scenario = [
        ScenarioProgress(
            scenario=items[0].scenario,
            attempts=items,
            chart=line_chart(
                [
                    (f"Attempt {n} ({a.submitted_at or a.created_at:%d %b})", a.mean_score or 0)
                    for n, a in enumerate(items, 1)
                ]
            ),
        )
        for items in grouped.values()
        if len(items) > 1
    ]
    return MyPractice(attempts=attempts, reviewed=reviewed, chart=chart, by_scenario=by_scenario)


def people_with_passed_reviews(
    *,
    organisation: Organisation,
    count: int,
    min_difficulty: str = "",
    person_ids: Collection[int] | None = None,
    at: datetime | None = None,
) -> set[int]:
    """Return the people with passed reviews on at least *count* different scenarios (of *min_difficulty* or harder).

    With *at*, only reviews given at or before that moment count.
    """
    attempts = Attempt.objects.filter(organisation=organisation, passed=True)
    if at is not None:
        attempts = attempts.filter(reviewed_at__lte=at)
    if min_difficulty:
        harder = DIFFICULTY_ORDER[DIFFICULTY_ORDER.index(min_difficulty) :]
        attempts = attempts.filter(scenario__difficulty__in=harder)
    narrow = person_ids is not None and len(person_ids) <= _IN_LIMIT
    if person_ids is not None and narrow:
        attempts = attempts.filter(person_id__in=list(person_ids))
    meeting = set(
        attempts.values("person_id")
        .annotate(scenarios=Count("scenario", distinct=True))
        .filter(scenarios__gte=max(count, 1))
        .values_list("person_id", flat=True)
    )
    if person_ids is not None and not narrow:
        meeting &= set(person_ids)
    return meeting


def attempts_for_listing(
    *, organisation: Organisation, person: Person | None = None, limit: int = 1000
) -> list[Attempt]:
    """Return attempts (a person's, or everyone's) newest first, for the command line and exports."""
    attempts = Attempt.objects.filter(organisation=organisation).select_related("person", "scenario")
    if person is not None:
        attempts = attempts.filter(person=person)
    return list(attempts.order_by("-created_at", "-pk")[:limit])
