"""Reads of the skills app: the taxonomy, who stands where in a skill, and "find someone who can help with…".

Public for other apps (mentoring pre-fills strengths with it)::

    strengths_for(organisation, person_ids) -> {person_id: {skill_slug: score}}
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.skills.evidence import EvidenceItem, evidence_collect, listable, score
from socialu.skills.models import Skill, SkillKind, SkillProfile

# How much a person's evidence on the platform asked for adds to their standing in the skill.
PLATFORM_SHARE = 0.5
# Evidence items shown for each person found (at least two are always shown).
ITEMS_SHOWN = 4


def skills_in(*, organisation: Organisation, active_only: bool = True) -> QuerySet[Skill]:
    """Return the organisation's skills, platforms first."""
    skills = Skill.objects.filter(organisation=organisation)
    return skills.filter(is_active=True) if active_only else skills


def skill_get(*, organisation: Organisation, slug: str, active_only: bool = True) -> Skill | None:
    """Return the skill *slug* of *organisation*, or None."""
    return skills_in(organisation=organisation, active_only=active_only).filter(slug=slug).first()


def profile_for(*, organisation: Organisation, person: Person) -> SkillProfile | None:
    """Return *person*'s listing preferences, or None when they never set any (listed by default)."""
    return SkillProfile.objects.filter(organisation=organisation, person=person).first()


@dataclass(frozen=True)
class Standing:
    """A person's standing in a skill: their score and the evidence behind it, strongest first."""

    person: Person
    score: float
    items: tuple[EvidenceItem, ...]
    platform_items: tuple[EvidenceItem, ...] = ()

    @property
    def shown(self) -> tuple[EvidenceItem, ...]:
        """Return the items to show: the strongest of the skill, then of the platform (at least two in all)."""
        seen = {(item.kind, item.label, item.occurred_at) for item in self.items}
        # The same course can count for the skill and the platform; show it once.
        platform = tuple(item for item in self.platform_items if (item.kind, item.label, item.occurred_at) not in seen)
        own = self.items[: ITEMS_SHOWN - min(len(platform), 2)]
        return own + platform[: ITEMS_SHOWN - len(own)]


def _ordered(items: list[EvidenceItem], at: datetime) -> tuple[EvidenceItem, ...]:
    return tuple(sorted(items, key=lambda item: (-item.value(at), item.label)))


def _scored(
    organisation: Organisation, skill: Skill, allowed: set[int] | None, at: datetime
) -> dict[int, tuple[float, list[EvidenceItem]]]:
    """Return person id → (score, items) for everyone (in *allowed*) with evidence in *skill*."""
    evidence = evidence_collect(organisation=organisation, skills=[skill])
    return {
        person_id: (score(items, at=at), items)
        for (person_id, _slug), items in evidence.items()
        if allowed is None or person_id in allowed
    }


def _ranked(organisation: Organisation, scores: dict[int, float]) -> list[int]:
    """Return the person ids of *scores*, best first (ties by name, then id)."""
    names = dict(people_in(organisation=organisation).filter(pk__in=list(scores)).values_list("pk", "name"))
    return sorted(scores, key=lambda person_id: (-scores[person_id], names.get(person_id, ""), person_id))


def skill_standing(
    organisation: Organisation,
    skill: Skill,
    *,
    people: QuerySet[Person] | None = None,
    at: datetime | None = None,
) -> list[Standing]:
    """Return the active people with any evidence in *skill*, best first, each with their evidence items."""
    moment = at or timezone.now()
    candidates = people if people is not None else people_in(organisation=organisation, active=True)
    scored = _scored(organisation, skill, set(candidates.values_list("pk", flat=True)), moment)
    order = _ranked(organisation, {person_id: value for person_id, (value, _items) in scored.items()})
    found = {person.pk: person for person in candidates.filter(pk__in=order)} if order else {}
    return [
        Standing(person=found[person_id], score=scored[person_id][0], items=_ordered(scored[person_id][1], moment))
        for person_id in order
        if person_id in found
    ]


def strengths_for(organisation: Organisation, person_ids: Collection[int]) -> dict[int, dict[str, float]]:
    """Return each person's score per skill (only skills they have evidence in), for *person_ids*."""
    moment = timezone.now()
    skills = list(skills_in(organisation=organisation))
    strengths: dict[int, dict[str, float]] = defaultdict(dict)
    for (person_id, slug), items in evidence_collect(
        organisation=organisation, skills=skills, person_ids=person_ids
    ).items():
        strengths[person_id][slug] = round(score(items, at=moment), 3)
    return {person_id: dict(sorted(values.items())) for person_id, values in strengths.items()}


@dataclass(frozen=True)
class ExpertQuery:
    """What someone looks for: a skill, and optionally a platform and where the helper should be."""

    skill: str
    platform: str = ""
    location: str = ""
    language: str = ""
    time_zone: str = ""
    audience: str = ""


@dataclass(frozen=True)
class ExpertResults:
    skill: Skill
    platform: Skill | None
    standings: list[Standing] = field(default_factory=list)
    count: int = 0


def terms_parse(*, organisation: Organisation, text: str) -> tuple[str, str]:
    """Return (skill slug, platform slug) named in free *text* such as "LinkedIn video"; empty when none.

    A platform and a practice named together give both; a platform alone is the skill.
    """
    words = text.lower()
    practice = platform = ""
    for skill in sorted(skills_in(organisation=organisation), key=lambda skill: -len(skill.name)):
        names = {skill.slug.replace("-", " "), skill.name.lower(), skill.name.lower().split(" (")[0]}
        if any(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", words) for name in names if name):
            if skill.kind == SkillKind.PLATFORM and not platform:
                platform = skill.slug
            elif skill.kind == SkillKind.PRACTICE and not practice:
                practice = skill.slug
    return (practice, platform) if practice else (platform, "")


def _candidates(organisation: Organisation, query: ExpertQuery) -> QuerySet[Person]:
    people = people_in(organisation=organisation, active=True)
    if query.location:
        people = people.filter(location__icontains=query.location)
    if query.audience:
        people = people.filter(audience=query.audience)
    opted_out = SkillProfile.objects.filter(organisation=organisation, listed=False).values("person_id")
    people = people.exclude(pk__in=opted_out)
    if query.language or query.time_zone:
        profiles = SkillProfile.objects.filter(organisation=organisation, listed=True)
        if query.time_zone:
            profiles = profiles.filter(time_zone__iexact=query.time_zone)
        ids = [
            person_id
            for person_id, languages in profiles.values_list("person_id", "languages")
            if not query.language or query.language.lower() in (languages or [])
        ]
        people = people.filter(pk__in=ids)
    return people


def experts_find(
    *, organisation: Organisation, query: ExpertQuery, at: datetime | None = None, limit: int | None = None
) -> ExpertResults | None:
    """Return the people who can help with *query*, ranked by evidence; None when the skill is unknown.

    Only people who are listed (not opted out), have at least two evidence items with one earned in the
    skill, and — when a platform is asked for — evidence on that platform too, are returned. Everyone who
    qualifies is counted (``count``); the first *limit* of them (all when None) come with their evidence.
    """
    skill = skill_get(organisation=organisation, slug=query.skill)
    if skill is None:
        return None
    platform = skill_get(organisation=organisation, slug=query.platform) if query.platform else None
    if platform is not None and platform.pk == skill.pk:
        platform = None
    moment = at or timezone.now()
    people = _candidates(organisation, query)
    allowed = set(people.values_list("pk", flat=True))
    in_skill = {
        pid: found for pid, found in _scored(organisation, skill, allowed, moment).items() if listable(found[1])
    }
    on_platform = _scored(organisation, platform, set(in_skill), moment) if platform is not None else {}
    totals = {
        person_id: value + PLATFORM_SHARE * on_platform[person_id][0] if platform is not None else value
        for person_id, (value, _items) in in_skill.items()
        if platform is None or person_id in on_platform
    }
    order = _ranked(organisation, totals)
    page = order if limit is None else order[:limit]
    found = {person.pk: person for person in people.filter(pk__in=page)} if page else {}
    standings = [
        Standing(
            person=found[person_id],
            score=totals[person_id],
            items=_ordered(in_skill[person_id][1], moment),
            platform_items=_ordered(on_platform[person_id][1], moment) if platform is not None else (),
        )
        for person_id in page
        if person_id in found
    ]
    return ExpertResults(skill=skill, platform=platform, standings=standings, count=len(order))


@dataclass(frozen=True)
class MyStrength:
    skill: Skill
    score: float
    items: tuple[EvidenceItem, ...]


def my_evidence(*, organisation: Organisation, person: Person) -> list[MyStrength]:
    """Return *person*'s evidence per skill, strongest skill first (for their own page: all of it)."""
    moment = timezone.now()
    skills = {skill.slug: skill for skill in skills_in(organisation=organisation)}
    evidence = evidence_collect(organisation=organisation, skills=list(skills.values()), person_ids=[person.pk])
    strengths = [
        MyStrength(skill=skills[slug], score=score(items, at=moment), items=_ordered(items, moment))
        for (_person_id, slug), items in evidence.items()
    ]
    return sorted(strengths, key=lambda strength: (-strength.score, strength.skill.name))
