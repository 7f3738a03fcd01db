"""Objects the permission matrix and the tenancy walk need for mentoring's URLs."""

from __future__ import annotations

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.mentoring import selectors, services
from socialu.mentoring.models import Pairing
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from socialu.people.models import Person
from socialu.people.selectors import people_in
from tests.factories import PersonFactory


def programme_slug(organisation: Organisation) -> str:
    """Return the slug of a programme of *organisation* (made once)."""
    existing = selectors.programme_get(organisation=organisation, slug="matrix-mentoring")
    if existing is not None:
        return existing.slug
    return services.programme_create(
        organisation=organisation, settings=ProgrammeSettings(name="Matrix mentoring")
    ).slug


def pairing_id(organisation: Organisation, requester: User) -> int:
    """Return a published pairing in which the requester (linked to a new roster person) is the mentee."""
    programme = selectors.programme_get(organisation=organisation, slug=programme_slug(organisation))
    assert programme is not None
    mentee = people_in(organisation=organisation).filter(user=requester).first() or PersonFactory.create(
        organisation=organisation, user=requester
    )
    mentor = PersonFactory.create(organisation=organisation)
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=mentor.pk, offer=MentorOffer(strengths={"x": 1.0})
    )
    services.mentee_profile_save(
        organisation=organisation, programme=programme, person_id=mentee.pk, needs=MenteeNeeds(needs={"x": 1})
    )
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    return Pairing.objects.get(organisation=organisation, programme=programme, mentee=mentee).pk


def active_pairing(
    organisation: Organisation, *, mentee: Person | None = None, mentor: Person | None = None
) -> Pairing:
    """Return an active pairing of *organisation* (both sides accepted) with one meeting recorded."""
    programme = selectors.programme_get(organisation=organisation, slug=programme_slug(organisation))
    assert programme is not None
    mentor = mentor or PersonFactory.create(organisation=organisation)
    mentee = mentee or PersonFactory.create(organisation=organisation)
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=mentor.pk, offer=MentorOffer(strengths={"x": 1.0})
    )
    services.mentee_profile_save(
        organisation=organisation, programme=programme, person_id=mentee.pk, needs=MenteeNeeds(needs={"x": 1})
    )
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(organisation=organisation, programme=programme, mentee=mentee)
    services.pairing_respond(pairing=pairing, person=mentee, accept=True)
    services.pairing_respond(pairing=pairing, person=mentor, accept=True)
    services.check_in_record(pairing=pairing, person=mentee, met=True)
    return pairing
