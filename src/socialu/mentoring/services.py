"""Mentoring writes: programmes, profiles, the batch match, answers, check-ins, surveys and closing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from socialu.core.audiences import Audience
from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.mentoring import matching, selectors
from socialu.mentoring.matching import DivisionPreference as MatchDivisionPreference
from socialu.mentoring.models import (
    CheckIn,
    DivisionPreference,
    MenteeProfile,
    MentorProfile,
    Pairing,
    PairingStatus,
    Programme,
    ProgrammeKind,
    Response,
    SurveyResponse,
    SurveyStage,
)
from socialu.mentoring.strengths import strengths_for
from socialu.people.models import GenerationBand, Person
from socialu.people.selectors import people_in, unit_division

BAND_ORDER = [band.value for band in GenerationBand]  # oldest first: a larger index is a younger band
MAX_CAPACITY = 50
MAX_NEED = 3


class MentoringError(InvalidInputError):
    """A mentoring change that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class ProgrammeSettings:
    """What an admin sets for a programme (every field named, so a form and the API fill the same thing)."""

    name: str
    kind: str = ProgrammeKind.STANDARD
    goals: str = ""
    length_weeks: int = 12
    cadence_days: int = 14
    default_capacity: int = 2
    response_days: int = 7
    mentor_audiences: Sequence[str] = ()
    mentee_audiences: Sequence[str] = ()
    mentor_bands: Sequence[str] = ()
    mentee_bands: Sequence[str] = ()
    mentor_tier_slug: str = ""
    mentee_tier_slug: str = ""
    matching_opens: date | None = None
    matching_closes: date | None = None


def _settings_problems(settings: ProgrammeSettings) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not settings.name.strip():
        problems["name"] = ["Give the programme a name."]
    if settings.kind not in ProgrammeKind.values:
        problems["kind"] = [f"Choose one of {', '.join(ProgrammeKind.values)}."]
    ranges = {
        "length_weeks": (settings.length_weeks, 1, 104),
        "cadence_days": (settings.cadence_days, 1, 90),
        "default_capacity": (settings.default_capacity, 1, MAX_CAPACITY),
        "response_days": (settings.response_days, 1, 60),
    }
    for name, (value, low, high) in ranges.items():
        if not low <= value <= high:
            problems[name] = [f"Choose a whole number from {low} to {high}."]
    for name in ("mentor_audiences", "mentee_audiences"):
        unknown = sorted(set(getattr(settings, name)) - set(Audience.values))
        if unknown:
            problems[name] = [f"Unknown audiences {', '.join(unknown)}: use {', '.join(Audience.values)}."]
    for name in ("mentor_bands", "mentee_bands"):
        unknown = sorted(set(getattr(settings, name)) - set(BAND_ORDER))
        if unknown:
            problems[name] = [f"Unknown generation bands {', '.join(unknown)}: use {', '.join(BAND_ORDER)}."]
    if settings.matching_opens and settings.matching_closes and settings.matching_closes < settings.matching_opens:
        problems["matching_closes"] = ["The matching window must close after it opens."]
    return problems


@transaction.atomic
def programme_create(*, organisation: Organisation, settings: ProgrammeSettings) -> Programme:
    """Create a mentoring programme; refuse settings that cannot be used, naming each field."""
    problems = _settings_problems(settings)
    if problems:
        raise MentoringError("The programme cannot be created as it is.", errors=problems)
    slug = slugify(settings.name)[:70] or "programme"
    if Programme.objects.filter(organisation=organisation, slug=slug).exists():
        raise ConflictError(f"A programme called “{settings.name}” already exists. Choose another name.")
    return Programme.objects.create(
        organisation=organisation,
        slug=slug,
        name=settings.name.strip(),
        kind=settings.kind,
        goals=settings.goals,
        length_weeks=settings.length_weeks,
        cadence_days=settings.cadence_days,
        default_capacity=settings.default_capacity,
        response_days=settings.response_days,
        mentor_audiences=list(settings.mentor_audiences),
        mentee_audiences=list(settings.mentee_audiences),
        mentor_bands=list(settings.mentor_bands),
        mentee_bands=list(settings.mentee_bands),
        mentor_tier_slug=settings.mentor_tier_slug,
        mentee_tier_slug=settings.mentee_tier_slug,
        matching_opens=settings.matching_opens,
        matching_closes=settings.matching_closes,
    )


def _window_open(programme: Programme) -> None:
    """Refuse a sign-up outside the programme's matching window (when it has one)."""
    today = timezone.localdate()
    if programme.matching_opens and today < programme.matching_opens:
        raise ConflictError(f"Sign-ups for {programme.name} open on {programme.matching_opens:%d %B %Y}.")
    if programme.matching_closes and today > programme.matching_closes:
        raise ConflictError(f"Sign-ups for {programme.name} closed on {programme.matching_closes:%d %B %Y}.")


def _active_person(organisation: Organisation, person_id: int, field: str) -> Person:
    person = people_in(organisation=organisation, active=True).select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise MentoringError(errors={field: ["Choose an active person in this organisation."]})
    return person


def _scores(values: Mapping[str, float], field: str, high: float) -> dict[str, float]:
    cleaned: dict[str, float] = {}
    for slug, value in values.items():
        if not slug or slugify(slug) != slug:
            raise MentoringError(errors={field: [f"“{slug}” is not a skill slug (lower case, digits and hyphens)."]})
        if not 0 <= float(value) <= high:
            raise MentoringError(errors={field: [f"The score for {slug} must be from 0 to {high:g}."]})
        cleaned[slug] = float(value)
    return cleaned


@dataclass(frozen=True)
class MentorOffer:
    """What a mentor states: strengths (skill slug → 0..1), capacity (None: the default), exclusions (person ids)."""

    strengths: Mapping[str, float] = field(default_factory=dict)
    capacity: int | None = None
    exclusions: Sequence[int] = ()
    languages: Sequence[str] = ()
    utc_offset_minutes: int | None = None
    opted_out: bool = False


@dataclass(frozen=True)
class MenteeNeeds:
    """What a mentee states: needs (skill slug → 1..3), goals and preferences."""

    needs: Mapping[str, float] = field(default_factory=dict)
    goals: str = ""
    languages: Sequence[str] = ()
    utc_offset_minutes: int | None = None
    location: str = ""
    division_preference: str = DivisionPreference.ANY
    opted_out: bool = False


def _languages(values: Sequence[str]) -> list[str]:
    return sorted({language.strip().lower() for language in values if language.strip()})


@transaction.atomic
def mentor_profile_save(
    *, organisation: Organisation, programme: Programme, person_id: int, offer: MentorOffer
) -> MentorProfile:
    """Offer a person as a mentor in the programme (or update their offer), once they are eligible."""
    _window_open(programme)
    person = _active_person(organisation, person_id, "person_id")
    problem = selectors.eligibility_problem(
        organisation=organisation, programme=programme, person=person, side="mentor"
    )
    if problem:
        raise MentoringError(problem, errors={"person_id": [problem]})
    if offer.capacity is not None and not 0 <= offer.capacity <= MAX_CAPACITY:
        raise MentoringError(errors={"capacity": [f"Choose a capacity from 0 to {MAX_CAPACITY}, or leave it empty."]})
    values = {
        "strengths": _scores(offer.strengths, "strengths", 1.0),
        "capacity": offer.capacity,
        "exclusions": sorted({int(key) for key in offer.exclusions}),
        "languages": _languages(offer.languages),
        "utc_offset_minutes": _offset(offer.utc_offset_minutes),
        "opted_out": offer.opted_out,
    }
    profile, _ = MentorProfile.objects.update_or_create(
        organisation=organisation, programme=programme, person=person, defaults=values
    )
    return profile


def _offset(minutes: int | None) -> int | None:
    if minutes is not None and not -12 * 60 <= minutes <= 14 * 60:
        raise MentoringError(errors={"utc_offset_minutes": ["A UTC offset is from -720 to 840 minutes."]})
    return minutes


@transaction.atomic
def mentee_profile_save(
    *, organisation: Organisation, programme: Programme, person_id: int, needs: MenteeNeeds
) -> MenteeProfile:
    """Ask for a mentor in the programme (or update the request), once the person is eligible."""
    _window_open(programme)
    person = _active_person(organisation, person_id, "person_id")
    problem = selectors.eligibility_problem(
        organisation=organisation, programme=programme, person=person, side="mentee"
    )
    if problem:
        raise MentoringError(problem, errors={"person_id": [problem]})
    if needs.division_preference not in DivisionPreference.values:
        raise MentoringError(errors={"division_preference": [f"Choose one of {', '.join(DivisionPreference.values)}."]})
    values = {
        "needs": _scores(needs.needs, "needs", MAX_NEED),
        "goals": needs.goals.strip(),
        "languages": _languages(needs.languages),
        "utc_offset_minutes": _offset(needs.utc_offset_minutes),
        "location": needs.location.strip(),
        "division_preference": needs.division_preference,
        "opted_out": needs.opted_out,
    }
    profile, _ = MenteeProfile.objects.update_or_create(
        organisation=organisation, programme=programme, person=person, defaults=values
    )
    return profile


@transaction.atomic
def mentor_request(
    *, organisation: Organisation, programme: Programme, mentee_id: int, mentor_id: int, repeat: bool = False
) -> MenteeProfile:
    """Record that a mentee asks for a specific mentor; the next match proposes them if the rules allow."""
    mentee = MenteeProfile.objects.filter(organisation=organisation, programme=programme, person_id=mentee_id).first()
    if mentee is None:
        raise ConflictError("Ask for a mentor in this programme first, then for a specific one.")
    mentor = MentorProfile.objects.filter(organisation=organisation, programme=programme, person_id=mentor_id).first()
    if mentor is None or mentor.opted_out:
        raise MentoringError(errors={"mentor_id": ["Choose someone who offers to mentor in this programme."]})
    people = _people_for_matching(organisation, [mentee.person_id, mentor.person_id])
    problem = matching.pair_problem(
        _mentee_input(mentee, people, requested=None),
        _mentor_input(mentor, programme, people),
        _rules(programme, [mentee], repeat),
    )
    if problem:
        raise ConflictError(f"This mentor cannot be proposed: {problem}.")
    mentee.requested_mentor_id = mentor.person_id
    mentee.repeat_allowed = repeat
    mentee.save(update_fields=["requested_mentor", "repeat_allowed"])
    return mentee


@dataclass(frozen=True)
class _Person:
    pk: int
    audience: str
    location: str
    division: str
    band: int | None
    managers: tuple[int, ...]


def _people_for_matching(organisation: Organisation, person_ids: Sequence[int]) -> dict[int, _Person]:
    """Load what the matcher needs of each person, with their manager and their manager's manager."""
    people: dict[int, _Person] = {}
    for start in range(0, len(person_ids), 900):
        chunk = list(person_ids)[start : start + 900]
        rows = people_in(organisation=organisation).filter(pk__in=chunk)
        for pk, audience, location, path, band, manager, skip in rows.values_list(
            "pk", "audience", "location", "unit__path", "generation_band", "manager_id", "manager__manager_id"
        ):
            people[pk] = _Person(
                pk=pk,
                audience=audience,
                location=location,
                division=unit_division(path),
                band=BAND_ORDER.index(band) if band in BAND_ORDER else None,
                managers=tuple(key for key in (manager, skip) if key is not None),
            )
    return people


def _mentee_input(profile: MenteeProfile, people: Mapping[int, _Person], requested: int | None) -> matching.Mentee:
    person = people[profile.person_id]
    return matching.Mentee(
        key=person.pk,
        needs=profile.needs,
        languages=frozenset(profile.languages),
        utc_offset_minutes=profile.utc_offset_minutes,
        location=profile.location,
        division=person.division,
        division_preference=MatchDivisionPreference(profile.division_preference),
        generation_band=person.band,
        leadership=person.audience == Audience.LEADERSHIP,
        managers=person.managers,
        requested_mentor=requested,
    )


def _mentor_input(
    profile: MentorProfile, programme: Programme, people: Mapping[int, _Person], taken: int = 0
) -> matching.Mentor:
    person = people[profile.person_id]
    capacity = programme.default_capacity if profile.capacity is None else profile.capacity
    return matching.Mentor(
        key=person.pk,
        capacity=max(0, capacity - taken),
        languages=frozenset(profile.languages),
        utc_offset_minutes=profile.utc_offset_minutes,
        location=person.location,
        division=person.division,
        generation_band=person.band,
        leadership=person.audience == Audience.LEADERSHIP,
        managers=person.managers,
        exclusions=frozenset(profile.exclusions),
    )


def _rules(programme: Programme, mentees: Sequence[MenteeProfile], repeat: bool = False) -> matching.MatchRules:
    previous = selectors.previous_pairs(organisation=programme.organisation, mentee_ids=[m.person_id for m in mentees])
    allowed = {pair for pair in previous if repeat or any(m.repeat_allowed and m.person_id == pair[0] for m in mentees)}
    return matching.MatchRules(
        reverse=programme.kind == ProgrammeKind.REVERSE,
        previous_pairs=frozenset(previous),
        repeats_allowed=frozenset(allowed),
    )


@dataclass(frozen=True)
class MatchRun:
    """What a batch match did: proposals made, mentees left without one, and the total fit."""

    proposed: int
    unmatched: int
    total_fit: float


@transaction.atomic
def match_run(*, organisation: Organisation, programme: Programme, now: datetime | None = None) -> MatchRun:
    """Propose a mentor for every mentee still waiting; earlier proposals not yet published are replaced."""
    now = now or timezone.now()
    Pairing.objects.filter(organisation=organisation, programme=programme, status=PairingStatus.PROPOSED).delete()
    waiting = selectors.mentees_waiting(organisation=organisation, programme=programme)
    mentors = list(MentorProfile.objects.filter(organisation=organisation, programme=programme, opted_out=False))
    taken = selectors.mentor_load(organisation=organisation, programme=programme)
    people = _people_for_matching(organisation, [p.person_id for p in waiting] + [p.person_id for p in mentors])
    mentee_inputs = [_mentee_input(profile, people, profile.requested_mentor_id) for profile in waiting]
    mentor_inputs = [_mentor_input(profile, programme, people, taken.get(profile.person_id, 0)) for profile in mentors]
    inputs = matching.Inputs(strengths=strengths_for(organisation=organisation, profiles=mentors))
    result = matching.match(mentee_inputs, mentor_inputs, rules=_rules(programme, waiting), inputs=inputs)
    Pairing.objects.bulk_create(
        Pairing(
            organisation=organisation,
            programme=programme,
            mentee_id=proposal.mentee,
            mentor_id=proposal.mentor,
            fit=round(proposal.fit, 4),
            explanation=proposal.explanation,
            proposed_at=now,
        )
        for proposal in result.proposals
    )
    return MatchRun(proposed=len(result.proposals), unmatched=len(result.unmatched), total_fit=result.total_fit)


@transaction.atomic
def proposal_adjust(*, organisation: Organisation, pairing: Pairing, mentor_id: int) -> Pairing:
    """Give a proposed pair another mentor; the same hard rules apply as in the batch match."""
    if pairing.status != PairingStatus.PROPOSED:
        raise ConflictError("Only a proposal that is not yet published can be changed.")
    programme = pairing.programme
    mentor = MentorProfile.objects.filter(organisation=organisation, programme=programme, person_id=mentor_id).first()
    if mentor is None or mentor.opted_out:
        raise MentoringError(errors={"mentor_id": ["Choose someone who offers to mentor in this programme."]})
    mentee = MenteeProfile.objects.get(organisation=organisation, programme=programme, person_id=pairing.mentee_id)
    load = selectors.mentor_load(organisation=organisation, programme=programme, include_proposed=True)
    people = _people_for_matching(organisation, [mentee.person_id, mentor.person_id])
    mentor_input = _mentor_input(mentor, programme, people, load.get(mentor.person_id, 0))
    if mentor.person_id == pairing.mentor_id:
        return pairing
    if mentor_input.capacity <= 0:
        raise ConflictError("This mentor has no free place left. Choose another mentor or raise their capacity.")
    mentee_input = _mentee_input(mentee, people, mentee.requested_mentor_id)
    problem = matching.pair_problem(mentee_input, mentor_input, _rules(programme, [mentee]))
    if problem:
        raise ConflictError(f"This pair cannot be proposed: {problem}.")
    strengths = strengths_for(organisation=organisation, profiles=[mentor])
    pairing.mentor_id = mentor.person_id
    pairing.fit = round(matching.pair_fit(mentee_input, mentor_input, strengths.get(mentor.person_id, {})), 4)
    reasons = matching.pair_reasons(
        mentee_input, mentor_input, _rules(programme, [mentee]), matching.Inputs(strengths=strengths)
    )
    pairing.explanation = "; ".join(("chosen by the programme admin", *reasons))
    pairing.save(update_fields=["mentor", "fit", "explanation"])
    return pairing


@transaction.atomic
def proposals_publish(*, organisation: Organisation, programme: Programme, now: datetime | None = None) -> int:
    """Publish every proposal: both sides are asked to accept within the programme's response days."""
    now = now or timezone.now()
    return Pairing.objects.filter(organisation=organisation, programme=programme, status=PairingStatus.PROPOSED).update(
        status=PairingStatus.PUBLISHED, published_at=now, respond_by=now + timedelta(days=programme.response_days)
    )


def _side(pairing: Pairing, person: Person) -> str:
    if person.pk == pairing.mentee_id:
        return "mentee"
    if person.pk == pairing.mentor_id:
        return "mentor"
    raise PermissionDeniedError("Only the mentor and the mentee of this pair can do this.")


@transaction.atomic
def pairing_respond(*, pairing: Pairing, person: Person, accept: bool, now: datetime | None = None) -> Pairing:
    """Record one side's answer. Both accepting starts the pair; a decline frees the place for a re-match."""
    now = now or timezone.now()
    side = _side(pairing, person)
    if pairing.status != PairingStatus.PUBLISHED:
        raise ConflictError("This pairing is not waiting for an answer.")
    if pairing.respond_by and now > pairing.respond_by:
        raise ConflictError("The time to answer has passed. Ask the programme admin for a new match.")
    setattr(pairing, f"{side}_response", Response.ACCEPTED if accept else Response.DECLINED)
    if not accept:
        pairing.status = PairingStatus.DECLINED
        pairing.closed_at = now
    elif pairing.mentee_response == pairing.mentor_response == Response.ACCEPTED:
        pairing.status = PairingStatus.ACTIVE
        pairing.started_at = now
    pairing.save()
    return pairing


def _active(pairing: Pairing) -> None:
    if pairing.status != PairingStatus.ACTIVE:
        raise ConflictError("This pairing is not active: both sides must have accepted it, and it must not be closed.")


@transaction.atomic
def goals_agree(*, pairing: Pairing, person: Person, goals: str, now: datetime | None = None) -> Pairing:
    """Record the goals the pair agreed at their first meeting."""
    _side(pairing, person)
    _active(pairing)
    if not goals.strip():
        raise MentoringError(errors={"goals": ["Write the goals you agreed."]})
    pairing.goals = goals.strip()
    pairing.goals_agreed_at = now or timezone.now()
    pairing.save(update_fields=["goals", "goals_agreed_at"])
    return pairing


@transaction.atomic
def check_in_record(
    *,
    pairing: Pairing,
    person: Person,
    met: bool,
    met_on: date | None = None,
    worked_on: str = "",
    next_step: str = "",
    now: datetime | None = None,
) -> CheckIn:
    """Record a check-in: did the pair meet (and when), what they worked on, the next step."""
    now = now or timezone.now()
    _side(pairing, person)
    _active(pairing)
    if met and met_on is None:
        met_on = timezone.localdate(now)
    if met_on and met_on > timezone.localdate(now):
        raise MentoringError(errors={"met_on": ["A meeting cannot be dated in the future."]})
    if met_on and pairing.started_at and met_on < timezone.localdate(pairing.started_at):
        raise MentoringError(errors={"met_on": ["A meeting cannot be dated before the pairing started."]})
    check_in = CheckIn.objects.create(
        organisation=pairing.organisation,
        pairing=pairing,
        recorded_by=person,
        met=met,
        met_on=met_on if met else None,
        worked_on=worked_on.strip(),
        next_step=next_step.strip(),
        created_at=now,
    )
    if met and met_on and (pairing.last_met_on is None or met_on > pairing.last_met_on):
        pairing.last_met_on = met_on
        pairing.save(update_fields=["last_met_on"])
    return check_in


@transaction.atomic
def survey_answer(
    *, pairing: Pairing, person: Person, stage: str, satisfaction: int, comment: str = "", now: datetime | None = None
) -> SurveyResponse:
    """Record one side's mid-point or closing survey (once per side and stage)."""
    _side(pairing, person)
    if stage not in SurveyStage.values:
        raise MentoringError(errors={"stage": [f"Choose one of {', '.join(SurveyStage.values)}."]})
    if not 1 <= satisfaction <= 5:
        raise MentoringError(errors={"satisfaction": ["Choose from 1 (poor) to 5 (excellent)."]})
    if pairing.status not in (PairingStatus.ACTIVE, PairingStatus.COMPLETED, PairingStatus.CLOSED_EARLY):
        raise ConflictError("The survey opens once the pairing has started.")
    if SurveyResponse.objects.filter(
        organisation=pairing.organisation, pairing=pairing, respondent=person, stage=stage
    ).exists():
        raise ConflictError("You have already answered this survey.")
    return SurveyResponse.objects.create(
        organisation=pairing.organisation,
        pairing=pairing,
        respondent=person,
        stage=stage,
        satisfaction=satisfaction,
        comment=comment.strip(),
        created_at=now or timezone.now(),
    )


@transaction.atomic
def pairing_close(
    *,
    pairing: Pairing,
    person: Person | None,
    reason: str = "",
    early: bool = False,
    rematch: bool = False,
    now: datetime | None = None,
) -> Pairing:
    """Close a pairing: completed, or early with a reason and (if wanted) a re-match for the mentee.

    ``person`` is one side of the pair, or None for the programme admin.
    """
    if person is not None:
        _side(pairing, person)
    _active(pairing)
    if early and not reason.strip():
        raise MentoringError(errors={"reason": ["Say why the pairing ends early."]})
    pairing.status = PairingStatus.CLOSED_EARLY if early else PairingStatus.COMPLETED
    pairing.closed_at = now or timezone.now()
    pairing.closure_reason = reason.strip()
    pairing.rematch_offered = early and rematch
    pairing.save()
    if pairing.rematch_offered:
        # The mentee waits again: the next batch match proposes someone else (the earlier pair is not repeated).
        MenteeProfile.objects.filter(
            organisation=pairing.organisation, programme=pairing.programme, person_id=pairing.mentee_id
        ).update(requested_mentor=None, repeat_allowed=False)
    return pairing


def answers_expire(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Mark published pairings nobody fully accepted in time as expired, freeing the places."""
    now = now or timezone.now()
    return Pairing.objects.filter(organisation=organisation, status=PairingStatus.PUBLISHED, respond_by__lt=now).update(
        status=PairingStatus.EXPIRED, closed_at=now
    )


def nudges_send(*, organisation: Organisation, now: datetime | None = None) -> list[Pairing]:
    """Return (and mark) the active pairs that have not met for their programme's cadence, to be reminded."""
    now = now or timezone.now()
    due = selectors.pairings_overdue(organisation=organisation, now=now)
    Pairing.objects.filter(organisation=organisation, pk__in=[pairing.pk for pairing in due]).update(last_nudged_at=now)
    return due
