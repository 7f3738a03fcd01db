"""Check a match result against the hard rules, pair by pair, without the engine's arrays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from socialu.mentoring.matching.model import MatchResult, MatchRules, Mentee, Mentor
from socialu.mentoring.matching.rules import pair_problem


def violations(
    result: MatchResult, mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: MatchRules
) -> list[str]:
    """Return every broken rule in the result: capacity, one mentor per mentee, and each pair's rules."""
    mentee_by_key = {mentee.key: mentee for mentee in mentees}
    mentor_by_key = {mentor.key: mentor for mentor in mentors}
    problems = []
    per_mentee = Counter(proposal.mentee for proposal in result.proposals)
    problems += [f"mentee {key} has {count} mentors" for key, count in per_mentee.items() if count > 1]
    load = Counter(proposal.mentor for proposal in result.proposals)
    for key, count in load.items():
        mentor = mentor_by_key.get(key)
        if mentor is None or count > mentor.capacity:
            problems.append(f"mentor {key} has {count} mentees")
    for proposal in result.proposals:
        mentee, mentor = mentee_by_key.get(proposal.mentee), mentor_by_key.get(proposal.mentor)
        if mentee is None or mentor is None:
            problems.append(f"pair {proposal.mentee}–{proposal.mentor} names someone not in the match")
            continue
        problem = pair_problem(mentee, mentor, rules)
        if problem:
            problems.append(f"pair {proposal.mentee}–{proposal.mentor}: {problem}")
    return problems
