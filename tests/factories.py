"""Typed factories for the test suite. One factory per model; no JSON fixtures."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from socialu.accounts.models import User
from socialu.core.audiences import Audience
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.people.models import Person, Unit
from socialu.sessions.models import Session, SessionKind, SessionStatus

TEST_PASSWORD = "correct-horse-battery-staple-42"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(TEST_PASSWORD)


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.LEARNER


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    path = factory.LazyAttribute(lambda o: o.name if o.parent is None else f"{o.parent.path} › {o.name}")
    depth = factory.LazyAttribute(lambda o: 0 if o.parent is None else o.parent.depth + 1)
    parent = None


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    audience = Audience.PRACTITIONER
    location = "London"
    job_title = "Analyst"


def member(organisation: Organisation, *roles: Role, email: str | None = None) -> User:
    """Return a user who holds *roles* (and always learner) in *organisation*."""
    user = UserFactory.create(email=email) if email else UserFactory.create()
    for role in {Role.LEARNER, *roles}:
        RoleAssignment.objects.get_or_create(organisation=organisation, user=user, role=role)
    return user


class SessionFactory(DjangoModelFactory[Session]):
    """A published workshop a week from now, in London, with three seats."""

    class Meta:
        model = Session

    organisation = factory.SubFactory(OrganisationFactory)
    kind = SessionKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    time_zone = "Europe/London"
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 3
    status = SessionStatus.PUBLISHED
    check_in_code = factory.Sequence(lambda n: f"C{n:05d}")
