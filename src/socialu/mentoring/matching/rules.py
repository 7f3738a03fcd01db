"""The fit of one pair, the hard rules one pair must meet, and the reasons a proposal gives.

These are the definitions, pair by pair, in plain Python. The engine computes the same fit for whole
blocks of pairs at once with numpy; the tests and the benchmark check that the two agree, and the
benchmark checks every proposal against ``pair_problem``.
"""

from __future__ import annotations

from collections.abc import Mapping

from socialu.mentoring.matching.model import DivisionPreference, Inputs, MatchRules, Mentee, Mentor

SKILL_WEIGHT = 0.55
LANGUAGE_WEIGHT = 0.15
TIME_ZONE_WEIGHT = 0.10
LOCATION_WEIGHT = 0.10
DIVISION_WEIGHT = 0.10
REQUESTED_BONUS = 0.5
UNKNOWN_TIME_ZONE = 0.5
MINUTES_IN_DAY = 24 * 60
HALF_DAY = MINUTES_IN_DAY // 2
NEAR_TIME_ZONE = 180
SKILL_REASONS = 2


def skill_fit(needs: Mapping[str, float], strengths: Mapping[str, float]) -> float:
    """Return how well strengths cover needs: the need-weighted mean strength, 0 to 1."""
    total = sum(weight for weight in needs.values() if weight > 0)
    if total <= 0:
        return 0.0
    covered = sum(weight * min(1.0, max(0.0, strengths.get(slug, 0.0))) for slug, weight in needs.items() if weight > 0)
    return covered / total


def minutes_apart(first: int, second: int) -> int:
    """Return the distance between two UTC offsets in minutes, around the clock."""
    difference = abs(first - second) % MINUTES_IN_DAY
    return min(difference, MINUTES_IN_DAY - difference)


def time_zone_fit(mentee: Mentee, mentor: Mentor) -> float:
    """Return 1 for the same offset, falling to 0 at twelve hours apart; 0.5 when either is unknown."""
    if mentee.utc_offset_minutes is None or mentor.utc_offset_minutes is None:
        return UNKNOWN_TIME_ZONE
    return max(0.0, 1.0 - minutes_apart(mentee.utc_offset_minutes, mentor.utc_offset_minutes) / HALF_DAY)


def language_fit(mentee: Mentee, mentor: Mentor) -> float:
    """Return 1 when the mentee stated no language or the two share one."""
    return 1.0 if not mentee.languages or mentee.languages & mentor.languages else 0.0


def location_fit(mentee: Mentee, mentor: Mentor) -> float:
    """Return 1 when both are in the same named location."""
    return 1.0 if mentee.location and mentee.location == mentor.location else 0.0


def division_fit(mentee: Mentee, mentor: Mentor) -> float:
    """Return 1 when the mentee's division preference is met (always, when they do not mind)."""
    if mentee.division_preference == DivisionPreference.ANY:
        return 1.0
    if not mentee.division or not mentor.division:
        return 0.0
    same = mentee.division == mentor.division
    return 1.0 if same == (mentee.division_preference == DivisionPreference.SAME) else 0.0


def pair_fit(mentee: Mentee, mentor: Mentor, strengths: Mapping[str, float]) -> float:
    """Return the fit of one pair: skills, language, time zone, location, division, and a request."""
    fit = (
        SKILL_WEIGHT * skill_fit(mentee.needs, strengths)
        + LANGUAGE_WEIGHT * language_fit(mentee, mentor)
        + TIME_ZONE_WEIGHT * time_zone_fit(mentee, mentor)
        + LOCATION_WEIGHT * location_fit(mentee, mentor)
        + DIVISION_WEIGHT * division_fit(mentee, mentor)
    )
    if mentee.requested_mentor == mentor.key:
        fit += REQUESTED_BONUS
    return fit


def _reverse_problem(mentee: Mentee, mentor: Mentor) -> str | None:
    if not mentee.leadership:
        return "reverse mentoring is for mentees in leadership"
    if mentor.leadership:
        return "in reverse mentoring the mentor is not in leadership"
    if mentee.generation_band is None or mentor.generation_band is None:
        return "reverse mentoring needs both generation bands"
    if mentor.generation_band <= mentee.generation_band:
        return "in reverse mentoring the mentor comes from a younger generation band"
    return None


def pair_problem(mentee: Mentee, mentor: Mentor, rules: MatchRules) -> str | None:  # noqa: PLR0911
    """Return why this pair may not be proposed, or None when it meets every hard rule."""
    if mentee.key == mentor.key:
        return "a person cannot mentor themselves"
    if mentee.key in rules.opted_out or mentor.key in rules.opted_out:
        return "one of the two has opted out of matching"
    if mentor.capacity <= 0:
        return "the mentor has no capacity"
    if mentor.key in mentee.managers or mentee.key in mentor.managers:
        return "the two are in one reporting line (a manager or their manager)"
    if mentee.key in mentor.exclusions:
        return "the mentor excluded this mentee"
    pair = (mentee.key, mentor.key)
    if pair in rules.previous_pairs and pair not in rules.repeats_allowed:
        return "the two were paired before and no repeat was asked for"
    if rules.reverse:
        return _reverse_problem(mentee, mentor)
    return None


def _skill_reasons(mentee: Mentee, mentor: Mentor, inputs: Inputs) -> list[str]:
    strengths = inputs.strengths.get(mentor.key, {})
    notes = inputs.evidence_notes.get(mentor.key, {})
    ranked = sorted(
        ((weight * min(1.0, strengths.get(slug, 0.0)), slug) for slug, weight in mentee.needs.items() if weight > 0),
        reverse=True,
    )
    reasons = []
    for score, slug in ranked[:SKILL_REASONS]:
        if score <= 0:
            break
        label = inputs.skill_labels.get(slug, slug)
        note = notes.get(slug)
        reasons.append(
            f"mentor's evidence in {label}: {note}" if note else f"mentor's strength in {label}: {strengths[slug]:.0%}"
        )
    return reasons


def _place_reasons(mentee: Mentee, mentor: Mentor) -> list[str]:
    reasons = []
    if location_fit(mentee, mentor):
        reasons.append(f"both in {mentee.location}")
    shared = sorted(mentee.languages & mentor.languages)
    if shared:
        reasons.append(f"both speak {shared[0]}")
    if mentee.utc_offset_minutes is not None and mentor.utc_offset_minutes is not None:
        apart = minutes_apart(mentee.utc_offset_minutes, mentor.utc_offset_minutes)
        if apart == 0:
            reasons.append("same time zone")
        elif apart <= NEAR_TIME_ZONE:
            reasons.append(f"{apart / 60:g} hours apart")
    if mentee.division_preference != DivisionPreference.ANY and division_fit(mentee, mentor):
        reasons.append(f"{mentee.division_preference.value} division, as asked")
    return reasons


def pair_reasons(mentee: Mentee, mentor: Mentor, rules: MatchRules, inputs: Inputs) -> tuple[str, ...]:
    """Return the reasons a person reads for this pair, strongest first."""
    reasons = []
    if mentee.requested_mentor == mentor.key:
        reasons.append("the mentee asked for this mentor")
    reasons += _skill_reasons(mentee, mentor, inputs)
    reasons += _place_reasons(mentee, mentor)
    if rules.reverse:
        reasons.append("reverse mentoring: the mentor is from a younger generation band")
    return tuple(reasons) or ("the mentor meets every rule and has a free place",)
