"""Skills as evidence for mentoring: a mentor's evidenced strengths raise what they stated.

The skills app sits above mentoring, so it registers itself as a strengths source
(mentoring never imports skills). Mentoring wants a score from 0 to 1 per skill;
a skill score here is an open sum of decayed evidence weights, so it is mapped
with ``score / (score + HALF_AT)``: a score of ``HALF_AT`` (about two passed
courses with their quizzes) reads as 0.5, and more evidence approaches 1
without ever reaching it.
"""

from __future__ import annotations

from collections.abc import Collection

from socialu.core.models import Organisation
from socialu.mentoring.strengths import strengths_source_register
from socialu.skills.selectors import strengths_for

HALF_AT = 5.0


def evidenced_strengths(organisation: Organisation, person_ids: Collection[int]) -> dict[int, dict[str, float]]:
    """Return each person's evidenced strength per skill on mentoring's 0..1 scale."""
    return {
        person_id: {slug: round(value / (value + HALF_AT), 3) for slug, value in scores.items() if value > 0}
        for person_id, scores in strengths_for(organisation, person_ids).items()
    }


def mentoring_source_register() -> None:
    """Let the mentor matcher read mentors' strengths from their evidence."""
    strengths_source_register(evidenced_strengths)
