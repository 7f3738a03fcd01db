"""The matching engine: hard rules never broken, the best placements found, every proposal explained."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialu.mentoring.matching import (
    DivisionPreference,
    Inputs,
    MatchResult,
    MatchRules,
    Mentee,
    Mentor,
    engine,
    exact_match,
    match,
    pair_fit,
    pair_problem,
    violations,
)

SKILLS = ["linkedin", "video", "crisis-response", "writing"]
PLACES = ["", "Frankfurt", "Leeds"]
LANGUAGES = ["en", "de"]


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Mentee], list[Mentor], MatchRules, Inputs]:
    """Draw a small programme where every hard rule can bite: people are keyed 0..n, mentors first."""
    mentor_count = draw(st.integers(1, 6))
    mentee_count = draw(st.integers(1, 12))
    people = range(mentor_count + mentee_count)
    # Some mentees are also mentors (keys overlap) to exercise "nobody mentors themselves".
    mentee_keys = draw(st.lists(st.sampled_from(people), min_size=mentee_count, max_size=mentee_count, unique=True))
    managers = st.lists(st.sampled_from(people), max_size=2).map(tuple)
    band = st.none() | st.integers(0, 3)
    mentors = [
        Mentor(
            key=key,
            capacity=draw(st.integers(0, 3)),
            languages=frozenset(draw(st.lists(st.sampled_from(LANGUAGES), max_size=2))),
            utc_offset_minutes=draw(st.none() | st.sampled_from([0, 60, -300, 330])),
            location=draw(st.sampled_from(PLACES)),
            division=draw(st.sampled_from(["", "Sales", "Care"])),
            generation_band=draw(band),
            leadership=draw(st.booleans()),
            managers=draw(managers),
            exclusions=frozenset(draw(st.lists(st.sampled_from(mentee_keys), max_size=2))),
        )
        for key in range(mentor_count)
    ]
    mentees = [
        Mentee(
            key=key,
            needs=draw(st.dictionaries(st.sampled_from(SKILLS), st.sampled_from([1.0, 2.0]), max_size=3)),
            languages=frozenset(draw(st.lists(st.sampled_from(LANGUAGES), max_size=2))),
            utc_offset_minutes=draw(st.none() | st.sampled_from([0, 60, -300, 330])),
            location=draw(st.sampled_from(PLACES)),
            division=draw(st.sampled_from(["", "Sales", "Care"])),
            division_preference=draw(st.sampled_from(list(DivisionPreference))),
            generation_band=draw(band),
            leadership=draw(st.booleans()),
            managers=draw(managers),
            requested_mentor=draw(st.none() | st.integers(0, mentor_count - 1)),
        )
        for key in mentee_keys
    ]
    pairs = st.tuples(st.sampled_from(mentee_keys), st.integers(0, mentor_count - 1))
    previous = frozenset(draw(st.lists(pairs, max_size=4)))
    rules = MatchRules(
        reverse=draw(st.booleans()),
        previous_pairs=previous,
        repeats_allowed=frozenset(draw(st.lists(st.sampled_from(sorted(previous)), max_size=2)))
        if previous
        else frozenset(),
        opted_out=frozenset(draw(st.lists(st.sampled_from(people), max_size=2))),
    )
    strengths = {
        mentor.key: draw(st.dictionaries(st.sampled_from(SKILLS), st.floats(0, 1, allow_nan=False), max_size=3))
        for mentor in mentors
    }
    return mentees, mentors, rules, Inputs(strengths=strengths)


def _brute_force_best(
    mentees: list[Mentee], mentors: list[Mentor], rules: MatchRules, inputs: Inputs
) -> tuple[int, float]:
    """Return the most placements and, among those, the highest total fit, by trying every assignment."""
    options = []
    for mentee in mentees:
        allowed = [mentor for mentor in mentors if pair_problem(mentee, mentor, rules) is None]
        options.append([None, *allowed])
    best = (0, 0.0)
    for choice in itertools.product(*options):
        load: dict[int, int] = {}
        for mentor in choice:
            if mentor is not None:
                load[mentor.key] = load.get(mentor.key, 0) + 1
        if any(load[mentor.key] > mentor.capacity for mentor in mentors if mentor.key in load):
            continue
        fit = sum(
            pair_fit(mentee, mentor, inputs.strengths.get(mentor.key, {}))
            for mentee, mentor in zip(mentees, choice, strict=True)
            if mentor is not None
        )
        best = max(best, (sum(1 for mentor in choice if mentor is not None), fit))
    return best


def _fits_agree(result: MatchResult, mentees: list[Mentee], mentors: list[Mentor], inputs: Inputs) -> None:
    mentee_by_key = {mentee.key: mentee for mentee in mentees}
    mentor_by_key = {mentor.key: mentor for mentor in mentors}
    for proposal in result.proposals:
        expected = pair_fit(
            mentee_by_key[proposal.mentee], mentor_by_key[proposal.mentor], inputs.strengths.get(proposal.mentor, {})
        )
        assert proposal.fit == pytest.approx(expected, abs=1e-5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(1, 4))
def test_no_proposal_ever_breaks_a_hard_rule(
    instance: tuple[list[Mentee], list[Mentor], MatchRules, Inputs], per_mentee: int
) -> None:
    mentees, mentors, rules, inputs = instance
    result = match(mentees, mentors, rules=rules, inputs=inputs, candidates_per_mentee=per_mentee)
    assert violations(result, mentees, mentors, rules) == []
    _fits_agree(result, mentees, mentors, inputs)
    placed = {proposal.mentee for proposal in result.proposals}
    eligible = {mentee.key for mentee in mentees if mentee.key not in rules.opted_out}
    assert placed | set(result.unmatched) == eligible
    assert all(proposal.reasons for proposal in result.proposals)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_exact_solver_finds_the_best_assignment_that_exists(
    instance: tuple[list[Mentee], list[Mentor], MatchRules, Inputs],
) -> None:
    mentees, mentors, rules, inputs = instance
    mentees = mentees[:5]
    placed, fit = _brute_force_best(mentees, mentors, rules, inputs)
    exact = exact_match(mentees, mentors, rules=rules, inputs=inputs)
    assert len(exact.proposals) == placed
    assert exact.total_fit == pytest.approx(fit, abs=1e-3)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_with_enough_candidates_the_matcher_is_exact(
    instance: tuple[list[Mentee], list[Mentor], MatchRules, Inputs],
) -> None:
    mentees, mentors, rules, inputs = instance
    result = match(mentees, mentors, rules=rules, inputs=inputs, candidates_per_mentee=len(mentors))
    exact = exact_match(mentees, mentors, rules=rules, inputs=inputs)
    assert len(result.proposals) == len(exact.proposals)
    assert result.total_fit == pytest.approx(exact.total_fit, abs=1e-3)


def _mentee(key: int, **fields: object) -> Mentee:
    return Mentee(key=key, needs={"video": 1.0}, **fields)  # type: ignore[arg-type]


def test_a_manager_or_their_manager_is_never_proposed() -> None:
    mentors = [Mentor(key=1, capacity=5), Mentor(key=2, capacity=5), Mentor(key=3, capacity=5)]
    strengths = {1: {"video": 1.0}, 2: {"video": 0.9}, 3: {"video": 0.1}}
    result = match([_mentee(10, managers=(1, 2))], mentors, inputs=Inputs(strengths=strengths))
    assert [(proposal.mentee, proposal.mentor) for proposal in result.proposals] == [(10, 3)]


def test_a_mentor_whose_reporting_line_holds_the_mentee_is_never_proposed() -> None:
    mentors = [Mentor(key=1, capacity=5, managers=(7, 10)), Mentor(key=2, capacity=5)]
    strengths = {1: {"video": 1.0}, 2: {"video": 0.2}}
    result = match([_mentee(10)], mentors, inputs=Inputs(strengths=strengths))
    assert result.proposals[0].mentor == 2


def test_an_earlier_pair_is_not_repeated_unless_asked() -> None:
    mentors = [Mentor(key=1, capacity=1), Mentor(key=2, capacity=1)]
    inputs = Inputs(strengths={1: {"video": 1.0}, 2: {"video": 0.2}})
    previous = frozenset({(10, 1)})
    refused = match([_mentee(10)], mentors, rules=MatchRules(previous_pairs=previous), inputs=inputs)
    asked = match(
        [_mentee(10)], mentors, rules=MatchRules(previous_pairs=previous, repeats_allowed=previous), inputs=inputs
    )
    assert refused.proposals[0].mentor == 2
    assert asked.proposals[0].mentor == 1


def test_people_who_opted_out_are_left_out() -> None:
    mentors = [Mentor(key=1, capacity=3), Mentor(key=2, capacity=3)]
    result = match([_mentee(10), _mentee(11)], mentors, rules=MatchRules(opted_out=frozenset({1, 11})))
    assert [(proposal.mentee, proposal.mentor) for proposal in result.proposals] == [(10, 2)]
    assert result.unmatched == ()


def test_reverse_mentoring_pairs_a_younger_non_leader_with_a_leader() -> None:
    mentors = [
        Mentor(key=1, capacity=2, generation_band=3),
        Mentor(key=2, capacity=2, generation_band=1),
        Mentor(key=3, capacity=2, generation_band=3, leadership=True),
    ]
    mentees = [_mentee(10, leadership=True, generation_band=1), _mentee(11, leadership=False, generation_band=0)]
    result = match(mentees, mentors, rules=MatchRules(reverse=True))
    assert [(proposal.mentee, proposal.mentor) for proposal in result.proposals] == [(10, 1)]
    assert result.unmatched == (11,)
    assert "reverse mentoring" in result.proposals[0].explanation


def test_capacity_shares_the_popular_mentor_to_whoever_gains_most() -> None:
    star = Mentor(key=1, capacity=1)
    others = [Mentor(key=2, capacity=1), Mentor(key=3, capacity=1)]
    strengths = {1: {"video": 1.0, "writing": 1.0}, 2: {"video": 0.9}, 3: {"video": 0.8}}
    mentees = [
        Mentee(key=10, needs={"writing": 1.0}),
        Mentee(key=11, needs={"video": 1.0}),
        Mentee(key=12, needs={"video": 1.0}),
    ]
    result = match(mentees, [star, *others], inputs=Inputs(strengths=strengths), candidates_per_mentee=1)
    assert {proposal.mentee: proposal.mentor for proposal in result.proposals}[10] == 1
    assert len(result.proposals) == 3


def test_a_requested_mentor_is_preferred_and_said_so() -> None:
    mentors = [Mentor(key=1, capacity=1), Mentor(key=2, capacity=1)]
    inputs = Inputs(strengths={1: {"video": 1.0}, 2: {"video": 0.3}})
    result = match([_mentee(10, requested_mentor=2)], mentors, inputs=inputs)
    assert result.proposals[0].mentor == 2
    assert result.proposals[0].reasons[0] == "the mentee asked for this mentor"


def test_the_explanation_names_place_language_and_evidence() -> None:
    mentor = Mentor(key=1, capacity=1, location="Frankfurt", languages=frozenset({"de"}), utc_offset_minutes=60)
    mentee = Mentee(
        key=10,
        needs={"linkedin-video": 2.0},
        location="Frankfurt",
        languages=frozenset({"de", "en"}),
        utc_offset_minutes=60,
    )
    inputs = Inputs(
        strengths={1: {"linkedin-video": 0.8}},
        skill_labels={"linkedin-video": "LinkedIn video"},
        evidence_notes={1: {"linkedin-video": "3 practice reviews passed"}},
    )
    proposal = match([mentee], [mentor], inputs=inputs).proposals[0]
    assert proposal.reasons == (
        "mentor's evidence in LinkedIn video: 3 practice reviews passed",
        "both in Frankfurt",
        "both speak de",
        "same time zone",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_without_the_place_table_the_fit_is_the_same(
    instance: tuple[list[Mentee], list[Mentor], MatchRules, Inputs],
) -> None:
    mentees, mentors, rules, inputs = instance
    tabulated = match(mentees, mentors, rules=rules, inputs=inputs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "PLACE_TABLE_CELLS", 0)
        pair_by_pair = match(mentees, mentors, rules=rules, inputs=inputs)
    assert pair_by_pair.total_fit == pytest.approx(tabulated.total_fit, abs=1e-4)
    _fits_agree(pair_by_pair, mentees, mentors, inputs)
