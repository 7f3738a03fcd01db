"""Objects the permission matrix and the tenancy walk need for the skills and champions pages."""

from __future__ import annotations

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.skills import services
from socialu.skills.champions import services as champion_services
from socialu.skills.models import ChampionRole, Nomination, NominationStatus, Skill
from tests.factories import PersonFactory

REASON = "Runs the weekly social clinic for the team."


def skill_slug(organisation: Organisation, _requester: User) -> str:
    if not Skill.objects.filter(organisation=organisation).exists():
        services.taxonomy_load_shipped(organisation=organisation)
    return "video"


def nomination_id(organisation: Organisation, _requester: User) -> int:
    person = PersonFactory.create(organisation=organisation)
    return champion_services.nomination_create(
        organisation=organisation,
        person_id=person.pk,
        role=ChampionRole.CHAMPION,
        reason=REASON,
        nominator=person,
        nominator_user_id=None,
        nominator_name=person.name,
        as_admin=False,
    ).pk


def term_id(organisation: Organisation, requester: User) -> int:
    nomination = Nomination.objects.get(pk=nomination_id(organisation, requester))
    term = champion_services.nomination_decide(
        organisation=organisation, nomination=nomination, approve=True, decided_by_id=None
    )
    assert term is not None and nomination.status == NominationStatus.APPROVED
    return term.pk
