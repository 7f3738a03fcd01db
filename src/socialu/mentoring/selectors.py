"""Mentoring reads: programmes, eligibility, who waits for a mentor, pairings, and the outcomes."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialu.certification.selectors import current_certificates
from socialu.core.models import Organisation
from socialu.mentoring.models import (
    HOLDING_STATUSES,
    OPEN_STATUSES,
    CheckIn,
    MenteeProfile,
    MentorProfile,
    Pairing,
    PairingStatus,
    Programme,
    SurveyResponse,
)
from socialu.people.models import Person
from socialu.people.selectors import people_in, unit_subtree_ids

MATCHED_WITHIN_DAYS = 14
FIRST_MEETING_DAYS = 30
CONTINUATION_DAYS = 90


def programme_list(*, organisation: Organisation) -> QuerySet[Programme]:
    """Return the organisation's programmes, newest first."""
    return Programme.objects.filter(organisation=organisation).order_by("-created_at", "-pk")


def programme_get(*, organisation: Organisation, slug: str) -> Programme | None:
    """Return the organisation's programme with this slug, or None."""
    return Programme.objects.filter(organisation=organisation, slug=slug).first()


def eligibility_problem(*, organisation: Organisation, programme: Programme, person: Person, side: str) -> str:
    """Return why the person may not take part on this side ("mentor" or "mentee"), or "" when they may."""
    audiences = getattr(programme, f"{side}_audiences")
    if audiences and person.audience not in audiences:
        return f"This programme's {side}s come from these audiences: {', '.join(audiences)}."
    bands = getattr(programme, f"{side}_bands")
    if bands and person.generation_band not in bands:
        return f"This programme's {side}s come from these generation bands: {', '.join(bands)}."
    unit = getattr(programme, f"{side}_unit")
    if unit is not None and person.unit_id not in unit_subtree_ids(organisation=organisation, unit=unit):
        return f"This programme's {side}s come from {unit.path}."
    tier = getattr(programme, f"{side}_tier_slug")
    if tier and not current_certificates(organisation=organisation).filter(person=person, tier__slug=tier).exists():
        return f"This programme's {side}s hold a current {tier} certificate."
    return ""


def previous_pairs(*, organisation: Organisation, mentee_ids: Collection[int]) -> set[tuple[int, int]]:
    """Return (mentee, mentor) pairs that were published before, in any programme, for these mentees."""
    pairs = Pairing.objects.filter(organisation=organisation, mentee_id__in=list(mentee_ids)).exclude(
        status=PairingStatus.PROPOSED
    )
    return set(pairs.values_list("mentee_id", "mentor_id"))


def mentees_waiting(*, organisation: Organisation, programme: Programme) -> list[MenteeProfile]:
    """Return the mentees who wait for a mentor: no open pairing, and none that ended unless a re-match was offered."""
    done: set[int] = set()
    for mentee_id, status, rematch in (
        Pairing.objects.filter(organisation=organisation, programme=programme)
        .exclude(status__in=[PairingStatus.PROPOSED, PairingStatus.DECLINED, PairingStatus.EXPIRED])
        .values_list("mentee_id", "status", "rematch_offered")
    ):
        if status in OPEN_STATUSES or status == PairingStatus.COMPLETED or not rematch:
            done.add(mentee_id)
    profiles = MenteeProfile.objects.filter(organisation=organisation, programme=programme, opted_out=False)
    active = set(people_in(organisation=organisation, active=True).values_list("pk", flat=True))
    return [
        profile for profile in profiles.order_by("pk") if profile.person_id not in done and profile.person_id in active
    ]


def mentor_load(*, organisation: Organisation, programme: Programme, include_proposed: bool = False) -> dict[int, int]:
    """Return mentor → number of places taken in the programme (published and active pairs; proposals too if asked)."""
    statuses = [*HOLDING_STATUSES, PairingStatus.PROPOSED] if include_proposed else list(HOLDING_STATUSES)
    taken = Pairing.objects.filter(organisation=organisation, programme=programme, status__in=statuses)
    return Counter(taken.values_list("mentor_id", flat=True))


def pairings(*, organisation: Organisation, programme: Programme | None = None, status: str = "") -> QuerySet[Pairing]:
    """Return pairings (of one programme, of one status), with both people loaded, in a stable order."""
    rows = Pairing.objects.filter(organisation=organisation).select_related("mentee", "mentor", "programme")
    if programme is not None:
        rows = rows.filter(programme=programme)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("programme_id", "mentee__name", "pk")


def pairing_get(*, organisation: Organisation, pairing_id: int) -> Pairing | None:
    """Return the organisation's pairing with this id, or None."""
    return (
        Pairing.objects.filter(organisation=organisation, pk=pairing_id)
        .select_related("mentee", "mentor", "programme")
        .first()
    )


def pairings_of(*, organisation: Organisation, person: Person) -> QuerySet[Pairing]:
    """Return the published, active and ended pairings a person is in, on either side."""
    return (
        pairings(organisation=organisation)
        .filter(Q(mentee=person) | Q(mentor=person))
        .exclude(status=PairingStatus.PROPOSED)
    )


def check_ins(*, pairing: Pairing) -> QuerySet[CheckIn]:
    """Return a pairing's check-ins, newest first."""
    return CheckIn.objects.filter(organisation=pairing.organisation, pairing=pairing).order_by("-created_at", "-pk")


def pairings_overdue(*, organisation: Organisation, now: datetime) -> list[Pairing]:
    """Return active pairs that have not met for their cadence and were not reminded within it."""
    due = []
    for pairing in pairings(organisation=organisation, status=PairingStatus.ACTIVE):
        cadence = timedelta(days=pairing.programme.cadence_days)
        last = pairing.last_met_on or (pairing.started_at and timezone.localdate(pairing.started_at))
        if last is None or timezone.localdate(now) - last < cadence:
            continue
        if pairing.last_nudged_at is None or now - pairing.last_nudged_at >= cadence:
            due.append(pairing)
    return due


def people_completed(
    *, organisation: Organisation, side: str, count: int, person_ids: Collection[int] | None, at: datetime
) -> set[int]:
    """Return who completed at least *count* pairings by *at* as mentee, mentor, or either (side "any")."""
    done = Pairing.objects.filter(organisation=organisation, status=PairingStatus.COMPLETED, closed_at__lte=at)
    totals: Counter[int] = Counter()
    if side in ("mentee", "any"):
        totals.update(done.values_list("mentee_id", flat=True))
    if side in ("mentor", "any"):
        totals.update(done.values_list("mentor_id", flat=True))
    wanted = None if person_ids is None else set(person_ids)
    return {pk for pk, total in totals.items() if total >= count and (wanted is None or pk in wanted)}


@dataclass
class OutcomeGroup:
    """The outcome figures for one group of mentees (a programme, a unit, an audience)."""

    label: str
    mentees: int = 0
    matched_within_14_days: int = 0
    started: int = 0
    met_within_30_days: int = 0
    started_90_days_ago: int = 0
    continued_90_days: int = 0
    satisfaction: list[int] = field(default_factory=list)
    closed_early: int = 0

    def share(self, part: int, whole: int) -> float | None:
        """Return part ÷ whole, or None when there is nothing to divide."""
        return round(part / whole, 3) if whole else None

    def as_dict(self) -> dict[str, object]:
        """Return the figures as plain values (for the API, the CLI and exports)."""
        return {
            "label": self.label,
            "mentees": self.mentees,
            "matched_within_14_days": self.share(self.matched_within_14_days, self.mentees),
            "met_within_30_days": self.share(self.met_within_30_days, self.started),
            "continued_90_days": self.share(self.continued_90_days, self.started_90_days_ago),
            "satisfaction": round(statistics.fmean(self.satisfaction), 2) if self.satisfaction else None,
            "closed_early": self.closed_early,
        }


@dataclass(frozen=True)
class Outcomes:
    """A programme's outcomes: overall, by unit and by audience; early-closure reasons; mentor load."""

    overall: dict[str, object]
    by_unit: list[dict[str, object]]
    by_audience: list[dict[str, object]]
    closure_reasons: list[tuple[str, int]]
    mentor_load: dict[str, object]


def _first_meetings(organisation: Organisation, programme: Programme) -> dict[int, object]:
    met = CheckIn.objects.filter(organisation=organisation, pairing__programme=programme, met=True)
    first: dict[int, object] = {}
    for pairing_id, met_on in met.order_by("met_on").values_list("pairing_id", "met_on"):
        first.setdefault(pairing_id, met_on)
    return first


def outcomes(*, organisation: Organisation, programme: Programme, now: datetime | None = None) -> Outcomes:
    """Return the programme's outcomes for admins (figures are shares from 0 to 1, or None without data)."""
    now = now or timezone.now()
    profiles = MenteeProfile.objects.filter(organisation=organisation, programme=programme).select_related(
        "person__unit"
    )
    started = {
        pairing.mentee_id: pairing
        for pairing in Pairing.objects.filter(organisation=organisation, programme=programme, started_at__isnull=False)
        .order_by("started_at")
        .reverse()
    }
    first_met = _first_meetings(organisation, programme)
    satisfaction: defaultdict[int, list[int]] = defaultdict(list)
    for mentee_id, score in SurveyResponse.objects.filter(
        organisation=organisation, pairing__programme=programme
    ).values_list("pairing__mentee_id", "satisfaction"):
        satisfaction[mentee_id].append(score)
    overall = OutcomeGroup(label=programme.name)
    by_unit: dict[str, OutcomeGroup] = {}
    by_audience: dict[str, OutcomeGroup] = {}
    for profile in profiles:
        unit = profile.person.unit.path if profile.person.unit else "(no unit)"
        groups = [
            overall,
            by_unit.setdefault(unit, OutcomeGroup(label=unit)),
            by_audience.setdefault(profile.person.audience, OutcomeGroup(label=profile.person.audience)),
        ]
        pairing = started.get(profile.person_id)
        for group in groups:
            _count(group, profile, pairing, first_met, satisfaction[profile.person_id], now)
    closed = Pairing.objects.filter(organisation=organisation, programme=programme, status=PairingStatus.CLOSED_EARLY)
    reasons = Counter(reason or "(no reason given)" for reason in closed.values_list("closure_reason", flat=True))
    return Outcomes(
        overall=overall.as_dict(),
        by_unit=[group.as_dict() for _, group in sorted(by_unit.items())],
        by_audience=[group.as_dict() for _, group in sorted(by_audience.items())],
        closure_reasons=reasons.most_common(),
        mentor_load=_load_spread(organisation, programme),
    )


def _count(
    group: OutcomeGroup,
    profile: MenteeProfile,
    pairing: Pairing | None,
    first_met: dict[int, object],
    scores: list[int],
    now: datetime,
) -> None:
    group.mentees += 1
    group.satisfaction += scores
    if pairing is None or pairing.started_at is None:
        return
    if pairing.started_at - profile.created_at <= timedelta(days=MATCHED_WITHIN_DAYS):
        group.matched_within_14_days += 1
    group.started += 1
    met_on = first_met.get(pairing.pk)
    if met_on is not None and met_on <= (pairing.started_at + timedelta(days=FIRST_MEETING_DAYS)).date():  # type: ignore[operator]
        group.met_within_30_days += 1
    if now - pairing.started_at >= timedelta(days=CONTINUATION_DAYS):
        group.started_90_days_ago += 1
        ended_early = pairing.status == PairingStatus.CLOSED_EARLY and pairing.closed_at is not None
        if not ended_early or pairing.closed_at - pairing.started_at >= timedelta(days=CONTINUATION_DAYS):  # type: ignore[operator]
            group.continued_90_days += 1
    if pairing.status == PairingStatus.CLOSED_EARLY:
        group.closed_early += 1


def _load_spread(organisation: Organisation, programme: Programme) -> dict[str, object]:
    load = mentor_load(organisation=organisation, programme=programme)
    mentors = MentorProfile.objects.filter(organisation=organisation, programme=programme, opted_out=False)
    counts = [load.get(person_id, 0) for person_id in mentors.values_list("person_id", flat=True)]
    histogram = Counter(counts)
    return {
        "mentors": len(counts),
        "without_mentee": histogram.get(0, 0),
        "most": max(counts, default=0),
        "mean": round(statistics.fmean(counts), 2) if counts else None,
        "histogram": sorted(histogram.items()),
    }


def outcomes_by_programme(*, organisation: Organisation, now: datetime | None = None) -> list[dict[str, object]]:
    """Return every programme's overall outcome figures, newest programme first (to compare programmes)."""
    return [
        {"slug": programme.slug, **outcomes(organisation=organisation, programme=programme, now=now).overall}
        for programme in programme_list(organisation=organisation)
    ]
