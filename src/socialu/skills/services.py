"""Writes of the skills app: the taxonomy, listing preferences, self-ratings and endorsements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.skills.content import SLUG, Taxonomy, shipped_taxonomy
from socialu.skills.models import (
    Endorsement,
    EndorsementRelation,
    SelfRating,
    Skill,
    SkillKind,
    SkillProfile,
)

_SLUG = re.compile(SLUG)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


class SkillError(InvalidInputError):
    """A skills change that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class TaxonomyLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def taxonomy_load(*, organisation: Organisation, taxonomy: Taxonomy) -> TaxonomyLoadResult:
    """Add and update the skills of *taxonomy* by slug; never delete a skill an admin added."""
    existing = {skill.slug: skill for skill in Skill.objects.filter(organisation=organisation)}
    created = updated = unchanged = 0
    for entry in taxonomy.skills:
        values = {
            "name": entry.name,
            "kind": entry.kind,
            "description": entry.description,
            "competencies": list(entry.competencies),
        }
        skill = existing.get(entry.slug)
        if skill is None:
            Skill.objects.create(organisation=organisation, slug=entry.slug, **values)
            created += 1
        elif any(getattr(skill, field) != value for field, value in values.items()) or not skill.is_active:
            for field, value in values.items():
                setattr(skill, field, value)
            skill.is_active = True
            skill.save()
            updated += 1
        else:
            unchanged += 1
    return TaxonomyLoadResult(created=created, updated=updated, unchanged=unchanged)


def _competencies(text: str | list[str]) -> list[str]:
    items = text if isinstance(text, list) else re.split(r"[,\s]+", text)
    slugs = [item.strip() for item in items if item.strip()]
    wrong = [slug for slug in slugs if not _SLUG.match(slug)]
    if wrong:
        raise SkillError(
            errors={"competencies": [f"“{wrong[0]}” is not a competency slug: use lower-case words and hyphens."]}
        )
    return list(dict.fromkeys(slugs))


@transaction.atomic
def skill_save(
    *,
    organisation: Organisation,
    slug: str,
    name: str,
    kind: str,
    description: str = "",
    competencies: str | list[str] = "",
    is_active: bool = True,
    create: bool = False,
) -> Skill:
    """Create (with *create*) or update the skill *slug*; refuse a duplicate slug or an unknown kind."""
    problems: dict[str, list[str]] = {}
    if not _SLUG.match(slug or ""):
        problems["slug"] = ["Use lower-case words joined by hyphens, e.g. 'paid-social'."]
    if not name.strip():
        problems["name"] = ["Give the skill a name."]
    if kind not in SkillKind.values:
        problems["kind"] = ["Choose platform or practice."]
    if len(description) > 500:
        problems["description"] = ["Keep the description to 500 characters."]
    if problems:
        raise SkillError(errors=problems)
    slugs = _competencies(competencies)
    skill = Skill.objects.filter(organisation=organisation, slug=slug).first()
    if create and skill is not None:
        raise ConflictError(f"There is already a skill “{slug}”. Edit it, or choose another slug.")
    if not create and skill is None:
        raise NotFoundError(f"There is no skill “{slug}” in this organisation.")
    if skill is None:
        skill = Skill(organisation=organisation, slug=slug)
    skill.name = name.strip()
    skill.kind = kind
    skill.description = description.strip()
    skill.competencies = slugs
    skill.is_active = is_active
    skill.save()
    return skill


@transaction.atomic
def profile_update(
    *, organisation: Organisation, person: Person, listed: bool, languages: str | list[str] = "", time_zone: str = ""
) -> SkillProfile:
    """Set whether *person* is listed when colleagues look for help, and the languages and time zone they help in."""
    codes = languages if isinstance(languages, list) else re.split(r"[,\s]+", languages)
    cleaned = [code.strip().lower() for code in codes if code.strip()]
    wrong = [code for code in cleaned if not _LANGUAGE.match(code)]
    if wrong:
        raise SkillError(errors={"languages": [f"“{wrong[0]}” is not a language code: write e.g. en, de, pt-br."]})
    if len(time_zone) > 64:
        raise SkillError(errors={"time_zone": ["Write a time zone such as Europe/Berlin."]})
    profile, _ = SkillProfile.objects.get_or_create(organisation=organisation, person=person)
    profile.listed = listed
    profile.languages = list(dict.fromkeys(cleaned))
    profile.time_zone = time_zone.strip()
    profile.save()
    return profile


def _skill(organisation: Organisation, slug: str) -> Skill:
    skill = Skill.objects.filter(organisation=organisation, slug=slug, is_active=True).first()
    if skill is None:
        raise SkillError(errors={"skill": [f"There is no skill “{slug}”: choose one from the taxonomy."]})
    return skill


@transaction.atomic
def self_rating_set(*, organisation: Organisation, person: Person, skill_slug: str, level: int | None) -> None:
    """Record *person*'s own level (1–5) in a skill; ``None`` removes it."""
    skill = _skill(organisation, skill_slug)
    if level is None:
        SelfRating.objects.filter(organisation=organisation, person=person, skill=skill).delete()
        return
    if not 1 <= level <= 5:
        raise SkillError(errors={"level": ["Choose a level from 1 (beginner) to 5 (expert)."]})
    SelfRating.objects.update_or_create(
        organisation=organisation,
        person=person,
        skill=skill,
        defaults={"level": level, "rated_at": timezone.now()},
    )


@transaction.atomic
def endorsement_add(*, organisation: Organisation, endorser: Person, person_id: int, skill_slug: str) -> Endorsement:
    """Record that *endorser* vouches for a colleague's skill; a manager's word is marked as such."""
    person = people_in(organisation=organisation, active=True).filter(pk=person_id).first()
    if person is None:
        raise SkillError(errors={"person_id": ["Choose an active person in this organisation."]})
    if person.pk == endorser.pk:
        raise SkillError(errors={"person_id": ["You cannot endorse yourself: rate yourself on “My skills” instead."]})
    skill = _skill(organisation, skill_slug)
    if Endorsement.objects.filter(organisation=organisation, person=person, skill=skill, endorser=endorser).exists():
        raise ConflictError(f"You have already endorsed {person.name} for {skill.name}.")
    relation = EndorsementRelation.MANAGER if person.manager_id == endorser.pk else EndorsementRelation.PEER
    return Endorsement.objects.create(
        organisation=organisation,
        person=person,
        skill=skill,
        endorser=endorser,
        relation=relation,
        created_at=timezone.now(),
    )


def taxonomy_load_shipped(*, organisation: Organisation) -> TaxonomyLoadResult:
    """Load the taxonomy SocialU ships with (``skills/content/skills.yaml``) into *organisation*."""
    return taxonomy_load(organisation=organisation, taxonomy=shipped_taxonomy())
