"""Objects the permission matrix and the tenancy walk need: a session, and a registration of the requester."""

from __future__ import annotations

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Registration
from tests.factories import PersonFactory, SessionFactory


def requester_person(organisation: Organisation, requester: User) -> Person:
    found = Person.objects.filter(organisation=organisation, user=requester).first()
    return found or PersonFactory.create(organisation=organisation, user=requester)


def registration(organisation: Organisation, requester: User) -> Registration:
    """Return a confirmed registration of the requester at a new session of *organisation*."""
    session = SessionFactory.create(organisation=organisation, capacity=5)
    person = requester_person(organisation, requester)
    session.facilitators.add(person)  # so that a facilitator may take this session's roll
    return services.registration_register(organisation=organisation, session_id=session.pk, person=person)


def session_id(organisation: Organisation, requester: User) -> int:
    return registration(organisation, requester).session_id


def registration_id(organisation: Organisation, requester: User) -> int:
    return registration(organisation, requester).pk
