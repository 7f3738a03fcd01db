"""Where mentors' strengths come from: what they state, raised by any registered evidence source.

Mentoring does not import the skills app. A source registered here (the skills app's ``strengths_for``
selector, wired in when both are installed) answers, for a set of people, {person id: {skill slug: 0..1}};
the matcher takes, per skill, the higher of the stated and the evidenced score.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from socialu.core.models import Organisation
from socialu.mentoring.models import MentorProfile

# (organisation, person ids) → person id → {skill slug: score from 0 to 1}
StrengthsSource = Callable[[Organisation, Collection[int]], Mapping[int, Mapping[str, float]]]

_SOURCES: list[StrengthsSource] = []


def strengths_source_register(source: StrengthsSource) -> None:
    """Add an evidence source of strengths (registering the same source again does nothing)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def strengths_source_unregister(source: StrengthsSource) -> None:
    """Forget one source (a test's own, so the installed apps' sources stay)."""
    if source in _SOURCES:
        _SOURCES.remove(source)


def strengths_sources_clear() -> None:
    """Forget every registered source (tests)."""
    _SOURCES.clear()


def strengths_for(*, organisation: Organisation, profiles: Iterable[MentorProfile]) -> dict[int, dict[str, float]]:
    """Return each mentor's strengths: stated on the profile, raised by every registered source."""
    strengths = {
        profile.person_id: {slug: float(score) for slug, score in profile.strengths.items()} for profile in profiles
    }
    for source in _SOURCES:
        for person_id, scores in source(organisation, list(strengths)).items():
            mine = strengths.setdefault(person_id, {})
            for slug, score in scores.items():
                mine[slug] = max(mine.get(slug, 0.0), min(1.0, max(0.0, float(score))))
    return strengths
