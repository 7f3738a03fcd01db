"""Match mentees to mentors: the most mentees placed, then the highest total fit, under hard rules.

Pure: numpy and OR-Tools, no Django. The fit of every pair is computed in blocks of mentees against all
mentors at once (the same definition as ``rules.pair_fit``); pairs that break a hard rule
(``rules.pair_problem``) get no fit at all. Each mentee keeps its best candidates, and a min-cost flow over
those candidates places as many mentees as possible and, among those placements, maximises the total fit.

Looking only at each mentee's top choices fails when a few mentors are far more popular than the rest:
they fill up and everyone else is left with no candidate. So after each solve, the mentees still without
a mentor look again, this time only at mentors with a free place, and the flow is solved again over all
candidates found so far (it may move earlier mentees to make room). Two or three rounds place everyone who
can be placed in practice; the benchmark measures it (``python -m bench.matching``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from socialu.mentoring.matching import rules as fit_rules
from socialu.mentoring.matching.model import (
    DivisionPreference,
    Inputs,
    MatchResult,
    MatchRules,
    Mentee,
    Mentor,
    Proposal,
)

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

CANDIDATES_PER_MENTEE = 16
MAX_ROUNDS = 4
BLOCK_CELLS = 4_000_000
CHUNK = 32
# Above this many (mentee place × mentor place) combinations the place fit is not tabulated in advance.
PLACE_TABLE_CELLS = 20_000_000
# Costs are integers: the fit is scaled, and every placed mentee earns a bonus larger than any total of
# fits it could displace, so the flow places as many mentees as possible first.
FIT_SCALE = 10_000
PLACEMENT_BONUS = 4 * FIT_SCALE
INFEASIBLE = np.float32(-np.inf)
_PREFERENCE_CODES = {DivisionPreference.ANY: 0, DivisionPreference.SAME: 1, DivisionPreference.DIFFERENT: 2}


class _Codes:
    """Give each distinct value a small integer, 0 for the empty value."""

    def __init__(self) -> None:
        self.codes: dict[object, int] = {}

    def __call__(self, value: object) -> int:
        if value in ("", None, frozenset()):
            return 0
        return self.codes.setdefault(value, len(self.codes) + 1)


@dataclass(frozen=True, slots=True)
class _Side:
    keys: Ints
    location: Ints
    division: Ints
    languages: Ints
    zone: Ints
    band: Ints
    leadership: Bools


def _side(people: Sequence[Mentee] | Sequence[Mentor], codes: dict[str, _Codes]) -> _Side:
    def column(name: str, values: list[object]) -> Ints:
        return np.fromiter((codes[name](value) for value in values), dtype=np.int64, count=len(values))

    return _Side(
        keys=np.fromiter((person.key for person in people), dtype=np.int64, count=len(people)),
        location=column("location", [person.location for person in people]),
        division=column("division", [person.division for person in people]),
        languages=column("languages", [person.languages for person in people]),
        zone=column("zone", [person.utc_offset_minutes for person in people]),
        band=np.fromiter(
            (-1 if person.generation_band is None else person.generation_band for person in people),
            dtype=np.int64,
            count=len(people),
        ),
        leadership=np.fromiter((person.leadership for person in people), dtype=np.bool_, count=len(people)),
    )


def _language_table(codes: _Codes) -> Floats:
    sets: list[frozenset[str]] = [frozenset(), *[value for value in codes.codes if isinstance(value, frozenset)]]
    table = np.zeros((len(sets), len(sets)), dtype=np.float32)
    for row, mentee_languages in enumerate(sets):
        for column, mentor_languages in enumerate(sets):
            table[row, column] = 1.0 if not mentee_languages or mentee_languages & mentor_languages else 0.0
    return table * np.float32(fit_rules.LANGUAGE_WEIGHT)


def _zone_table(codes: _Codes) -> Floats:
    offsets: list[int | None] = [None, *[value for value in codes.codes if isinstance(value, int)]]
    table = np.full((len(offsets), len(offsets)), fit_rules.UNKNOWN_TIME_ZONE, dtype=np.float32)
    for row, first in enumerate(offsets):
        for column, second in enumerate(offsets):
            if first is not None and second is not None:
                table[row, column] = max(0.0, 1.0 - fit_rules.minutes_apart(first, second) / fit_rules.HALF_DAY)
    return table * np.float32(fit_rules.TIME_ZONE_WEIGHT)


class _Problem:
    """The whole instance as arrays, ready to compute the fit of any block of pairs."""

    def __init__(self, mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: MatchRules, inputs: Inputs) -> None:
        codes = {name: _Codes() for name in ("location", "division", "languages", "zone")}
        self.rules = rules
        self.mentees = [mentee for mentee in mentees if mentee.key not in rules.opted_out]
        self.mentors = [mentor for mentor in mentors if mentor.key not in rules.opted_out and mentor.capacity > 0]
        self.mentee_side = _side(self.mentees, codes)
        self.mentor_side = _side(self.mentors, codes)
        self.capacity = np.fromiter((mentor.capacity for mentor in self.mentors), dtype=np.int64)
        preference = np.fromiter(
            (_PREFERENCE_CODES[mentee.division_preference] for mentee in self.mentees), dtype=np.int64
        )
        self._places(_language_table(codes["languages"]), _zone_table(codes["zone"]))
        self._divisions(preference, len(codes["division"].codes) + 1)
        self._skills(inputs)
        self._sparse_pairs()

    def _places(self, language_table: Floats, zone_table: Floats) -> None:
        """Fold location, time zone and languages into one table over the distinct combinations."""
        mentee, mentor = self.mentee_side, self.mentor_side
        mentee_places, self.mentee_place = np.unique(
            np.stack([mentee.location, mentee.zone, mentee.languages], axis=1), axis=0, return_inverse=True
        )
        mentor_places, self.mentor_place = np.unique(
            np.stack([mentor.location, mentor.zone, mentor.languages], axis=1), axis=0, return_inverse=True
        )
        self.mentee_place = self.mentee_place.reshape(-1)
        self.mentor_place = self.mentor_place.reshape(-1)
        self.language_table, self.zone_table = language_table, zone_table
        self.place_table: Floats | None = None
        if len(mentee_places) * len(mentor_places) > PLACE_TABLE_CELLS:
            return  # too many distinct combinations: block_fit works the three parts out pair by pair
        same_location = (mentee_places[:, None, 0] == mentor_places[None, :, 0]) & (mentee_places[:, None, 0] != 0)
        self.place_table = (
            same_location * np.float32(fit_rules.LOCATION_WEIGHT)
            + zone_table[mentee_places[:, 1]][:, mentor_places[:, 1]]
            + language_table[mentee_places[:, 2]][:, mentor_places[:, 2]]
        ).astype(np.float32)

    def _divisions(self, preference: Ints, division_count: int) -> None:
        """Tabulate the division preference: (mentee's division, preference) against the mentor's division."""
        self.mentee_division = self.mentee_side.division * 3 + preference
        mentee_division = np.repeat(np.arange(division_count), 3)[:, None]
        wants = np.tile(np.arange(3), division_count)[:, None]
        mentor_division = np.arange(division_count)[None, :]
        known = (mentee_division != 0) & (mentor_division != 0)
        same = mentee_division == mentor_division
        met = (wants == 0) | (known & (same == (wants == 1)))
        self.division_table: Floats = (met * np.float32(fit_rules.DIVISION_WEIGHT)).astype(np.float32)

    def _skills(self, inputs: Inputs) -> None:
        slugs = sorted({slug for mentee in self.mentees for slug, weight in mentee.needs.items() if weight > 0})
        column = {slug: index for index, slug in enumerate(slugs)}
        self.needs = np.zeros((len(self.mentees), max(1, len(slugs))), dtype=np.float32)
        for row, mentee in enumerate(self.mentees):
            total = sum(weight for weight in mentee.needs.values() if weight > 0)
            for slug, weight in mentee.needs.items():
                if weight > 0:
                    self.needs[row, column[slug]] = weight / total
        self.needs *= np.float32(fit_rules.SKILL_WEIGHT)
        self.strengths = np.zeros((len(self.mentors), max(1, len(slugs))), dtype=np.float32)
        for row, mentor in enumerate(self.mentors):
            for slug, score in inputs.strengths.get(mentor.key, {}).items():
                if slug in column:
                    self.strengths[row, column[slug]] = min(1.0, max(0.0, score))

    def _sparse_pairs(self) -> None:
        """List the pairs the dense rules cannot see (reporting lines, exclusions, repeats) and requests."""
        mentee_index = {mentee.key: index for index, mentee in enumerate(self.mentees)}
        mentor_index = {mentor.key: index for index, mentor in enumerate(self.mentors)}
        # A person who is both a mentee and a mentor in one match is never their own mentor.
        forbidden = [
            (mentee_index[mentor.key], column)
            for column, mentor in enumerate(self.mentors)
            if mentor.key in mentee_index
        ]
        for row, mentee in enumerate(self.mentees):
            forbidden += [(row, mentor_index[key]) for key in mentee.managers if key in mentor_index]
        for column, mentor in enumerate(self.mentors):
            forbidden += [(mentee_index[key], column) for key in mentor.managers if key in mentee_index]
            forbidden += [(mentee_index[key], column) for key in mentor.exclusions if key in mentee_index]
        for mentee_key, mentor_key in self.rules.previous_pairs - self.rules.repeats_allowed:
            if mentee_key in mentee_index and mentor_key in mentor_index:
                forbidden.append((mentee_index[mentee_key], mentor_index[mentor_key]))
        self.forbidden = np.array(forbidden, dtype=np.int64).reshape(-1, 2)
        requested = [
            (row, mentor_index[mentee.requested_mentor])
            for row, mentee in enumerate(self.mentees)
            if mentee.requested_mentor in mentor_index
        ]
        self.requested = np.array(requested, dtype=np.int64).reshape(-1, 2)

    def block_fit(self, rows: Ints, columns: Ints) -> Floats:
        """Return the fit of every pair in rows × columns, minus infinity where a hard rule forbids it."""
        fit: Floats = self.needs[rows] @ self.strengths[columns].T
        fit += self._place_fit(rows, columns)
        fit += np.take(self.division_table[self.mentee_division[rows]], self.mentor_side.division[columns], axis=1)
        if self.rules.reverse:
            fit[~self._reverse_allowed(rows, columns)] = INFEASIBLE
        self._apply_pairs(fit, rows, columns, self.forbidden, None)
        self._apply_pairs(fit, rows, columns, self.requested, np.float32(fit_rules.REQUESTED_BONUS))
        return fit

    def _place_fit(self, rows: Ints, columns: Ints) -> Floats:
        if self.place_table is not None:
            return np.take(self.place_table[self.mentee_place[rows]], self.mentor_place[columns], axis=1)
        mentee, mentor = self.mentee_side, self.mentor_side
        same_location = (mentee.location[rows, None] == mentor.location[None, columns]) & (
            mentee.location[rows, None] != 0
        )
        zones = np.take(self.zone_table[mentee.zone[rows]], mentor.zone[columns], axis=1)
        languages = np.take(self.language_table[mentee.languages[rows]], mentor.languages[columns], axis=1)
        fit: Floats = same_location * np.float32(fit_rules.LOCATION_WEIGHT) + zones + languages
        return fit

    def _reverse_allowed(self, rows: Ints, columns: Ints) -> Bools:
        mentee, mentor = self.mentee_side, self.mentor_side
        allowed = (mentee.leadership[rows, None] & ~mentor.leadership[None, columns]) & (mentee.band[rows, None] >= 0)
        return allowed & (mentor.band[None, columns] > mentee.band[rows, None])

    def _apply_pairs(self, fit: Floats, rows: Ints, columns: Ints, pairs: Ints, bonus: np.float32 | None) -> None:
        if not len(pairs):
            return
        row_position = np.full(len(self.mentees), -1, dtype=np.int64)
        row_position[rows] = np.arange(len(rows))
        column_position = np.full(len(self.mentors), -1, dtype=np.int64)
        column_position[columns] = np.arange(len(columns))
        at_row, at_column = row_position[pairs[:, 0]], column_position[pairs[:, 1]]
        inside = (at_row >= 0) & (at_column >= 0)
        at_row, at_column = at_row[inside], at_column[inside]
        if bonus is None:
            fit[at_row, at_column] = INFEASIBLE
        else:
            fit[at_row, at_column] += bonus  # minus infinity stays minus infinity


@dataclass(slots=True)
class _Candidates:
    rows: list[Ints]
    columns: list[Ints]
    fits: list[Floats]

    def add(self, rows: Ints, columns: Ints, fits: Floats) -> None:
        self.rows.append(rows)
        self.columns.append(columns)
        self.fits.append(fits)

    def merged(self, mentor_count: int) -> tuple[Ints, Ints, Floats]:
        rows, columns, fits = np.concatenate(self.rows), np.concatenate(self.columns), np.concatenate(self.fits)
        _, first = np.unique(rows * mentor_count + columns, return_index=True)
        return rows[first], columns[first], fits[first]


def _best_per_row(fit: Floats, keep: int) -> Ints:
    """Return the columns of each row's ``keep`` largest values (in no order).

    A full partition of every row is the slowest step at scale. The columns are cut into chunks: a row's
    ``keep`` largest values lie in its ``keep`` chunks with the largest maxima, so only those are partitioned.
    """
    rows, width = fit.shape
    chunks = width // CHUNK
    if chunks <= 2 * keep:
        return np.argpartition(-fit, keep - 1, axis=1)[:, :keep]
    maxima = fit[:, : chunks * CHUNK].reshape(rows, chunks, CHUNK).max(axis=2)
    best_chunks = np.argpartition(-maxima, keep - 1, axis=1)[:, :keep]
    within = (best_chunks[:, :, None] * CHUNK + np.arange(CHUNK)).reshape(rows, keep * CHUNK)
    tail = np.broadcast_to(np.arange(chunks * CHUNK, width), (rows, width - chunks * CHUNK))
    within = np.concatenate([within, tail], axis=1)
    pick = np.argpartition(-np.take_along_axis(fit, within, axis=1), keep - 1, axis=1)[:, :keep]
    return np.take_along_axis(within, pick, axis=1)


def _top_candidates(problem: _Problem, rows: Ints, columns: Ints, per_mentee: int) -> tuple[Ints, Ints, Floats]:
    """Return each mentee's best feasible pairs among the columns, block by block."""
    found = _Candidates([], [], [])
    if not len(columns) or not len(rows):
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32)
    block = max(1, BLOCK_CELLS // len(columns))
    keep = min(per_mentee, len(columns))
    for start in range(0, len(rows), block):
        block_rows = rows[start : start + block]
        fit = problem.block_fit(block_rows, columns)
        best = _best_per_row(fit, keep)
        best_fit = np.take_along_axis(fit, best, axis=1)
        feasible = np.isfinite(best_fit)
        found.add(
            np.broadcast_to(block_rows[:, None], best.shape)[feasible],
            columns[best[feasible]],
            best_fit[feasible],
        )
    return np.concatenate(found.rows), np.concatenate(found.columns), np.concatenate(found.fits)


def solve_flow(mentee_count: int, capacity: Ints, rows: Ints, columns: Ints, fits: Floats) -> npt.NDArray[np.int64]:
    """Return each mentee's mentor index (-1 for none): most placements first, then the highest total fit."""
    mentor_count = len(capacity)
    sink = mentee_count + mentor_count
    flow = SimpleMinCostFlow()
    costs = -(PLACEMENT_BONUS + np.rint(fits.astype(np.float64) * FIT_SCALE)).astype(np.int64)
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows, mentee_count + columns, np.ones(len(rows), dtype=np.int64), costs
    )
    mentors = np.arange(mentor_count, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        mentee_count + mentors, np.full(mentor_count, sink, dtype=np.int64), capacity, np.zeros(mentor_count, np.int64)
    )
    mentees = np.arange(mentee_count, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        mentees,
        np.full(mentee_count, sink, dtype=np.int64),
        np.ones(mentee_count, np.int64),
        np.zeros(mentee_count, np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:mentee_count] = 1
    supplies[sink] = -mentee_count
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the network always has a feasible flow
        raise RuntimeError(f"The matching flow could not be solved ({status}).")
    chosen = flow.flows(pair_arcs) > 0
    assigned = np.full(mentee_count, -1, dtype=np.int64)
    assigned[rows[chosen]] = columns[chosen]
    return assigned


def match(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    *,
    rules: MatchRules | None = None,
    inputs: Inputs | None = None,
    candidates_per_mentee: int = CANDIDATES_PER_MENTEE,
    max_rounds: int = MAX_ROUNDS,
    explain: bool = True,
) -> MatchResult:
    """Propose a mentor for as many mentees as the rules allow, with the highest total fit among those.

    ``inputs.strengths`` maps a person's key to {skill slug: score from 0 to 1}. With ``explain`` off the
    proposals carry no reasons (the benchmark's large runs). ``max_rounds=1`` is plain top-k pruning.
    """
    rules = rules or MatchRules()
    inputs = inputs or Inputs()
    problem = _Problem(mentees, mentors, rules, inputs)
    mentee_count, mentor_count = len(problem.mentees), len(problem.mentors)
    found = _Candidates([], [], [])
    assigned = np.full(mentee_count, -1, dtype=np.int64)
    looking = np.arange(mentee_count, dtype=np.int64)
    columns = np.arange(mentor_count, dtype=np.int64)
    has_candidates = np.zeros(mentee_count, dtype=np.bool_)
    rounds = 0
    while len(looking) and len(columns) and rounds < max_rounds:
        rounds += 1
        new = _top_candidates(problem, looking, columns, candidates_per_mentee)
        if not len(new[0]):
            break
        found.add(*new)
        has_candidates[new[0]] = True
        pairs = found.merged(mentor_count)
        assigned = solve_flow(mentee_count, problem.capacity, *pairs)
        looking, columns = _next_round(problem, assigned, has_candidates, pairs)
    return _result(problem, assigned, found, rules, inputs, explain=explain, rounds=rounds)


def _next_round(
    problem: _Problem, assigned: Ints, has_candidates: Bools, pairs: tuple[Ints, Ints, Floats]
) -> tuple[Ints, Ints]:
    """Return who looks again and at which mentors: the mentors with a free place.

    Everyone still without a mentor who could have one looks again, and so do the mentees of the full
    mentors that more people wanted than they have places (the popular ones): the flow can then move one
    of them to a free mentor and give the wanted place to the person who gains more from it.
    """
    mentor_count = len(problem.mentors)
    load = np.bincount(assigned[assigned >= 0], minlength=mentor_count)
    full = load >= problem.capacity
    unplaced = has_candidates & (assigned < 0)
    rows, columns, _ = pairs
    demand = np.bincount(columns[unplaced[rows]], minlength=mentor_count)
    popular = full & (demand >= problem.capacity)
    holding = (assigned >= 0) & popular[np.maximum(assigned, 0)]
    return np.nonzero(unplaced | holding)[0], np.nonzero(~full)[0]


def _result(
    problem: _Problem,
    assigned: npt.NDArray[np.int64],
    found: _Candidates,
    rules: MatchRules,
    inputs: Inputs,
    *,
    explain: bool,
    rounds: int,
) -> MatchResult:
    proposals = []
    unmatched = []
    candidate_pairs = 0
    fit_of: dict[tuple[int, int], float] = {}
    if found.rows:
        rows, columns, fits = found.merged(len(problem.mentors))
        candidate_pairs = len(rows)
        chosen = assigned[rows] == columns
        fit_of = dict(
            zip(zip(rows[chosen].tolist(), columns[chosen].tolist(), strict=True), fits[chosen].tolist(), strict=True)
        )
    for row, mentee in enumerate(problem.mentees):
        column = int(assigned[row])
        if column < 0:
            unmatched.append(mentee.key)
            continue
        mentor = problem.mentors[column]
        reasons = fit_rules.pair_reasons(mentee, mentor, rules, inputs) if explain else ()
        proposals.append(Proposal(mentee=mentee.key, mentor=mentor.key, fit=fit_of[(row, column)], reasons=reasons))
    return MatchResult(
        proposals=tuple(proposals),
        unmatched=tuple(unmatched),
        total_fit=float(sum(proposal.fit for proposal in proposals)),
        candidate_pairs=candidate_pairs,
        rounds=rounds,
    )


def exact_match(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    *,
    rules: MatchRules | None = None,
    inputs: Inputs | None = None,
) -> MatchResult:
    """Solve the same objective over every feasible pair (no pruning): the optimum, for small instances."""
    problem = _Problem(mentees, mentors, rules or MatchRules(), inputs or Inputs())
    found = _Candidates([], [], [])
    rows = np.arange(len(problem.mentees), dtype=np.int64)
    columns = np.arange(len(problem.mentors), dtype=np.int64)
    found.add(*_top_candidates(problem, rows, columns, max(1, len(problem.mentors))))
    assigned = solve_flow(len(problem.mentees), problem.capacity, *found.merged(len(problem.mentors)))
    return _result(problem, assigned, found, rules or MatchRules(), inputs or Inputs(), explain=False, rounds=1)
