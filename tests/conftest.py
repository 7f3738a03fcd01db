"""Fixtures shared across the suite."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory, member


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Hash test passwords quickly; production uses Argon2 (see tests/accounts for that check)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory.create(slug="acme", name="Acme Ltd")


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return OrganisationFactory.create(slug="globex", name="Globex Corporation")


@pytest.fixture
def admin_user(organisation: Organisation) -> User:
    return member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def learner_user(organisation: Organisation) -> User:
    """A member with only the learner role."""
    return member(organisation, email="learner@acme.example")


@pytest.fixture
def learner(organisation: Organisation, learner_user: User) -> Person:
    """The person in the roster whose account is ``learner_user``."""
    return PersonFactory.create(organisation=organisation, user=learner_user, name="Lee Learner")


@pytest.fixture
def learner_client(learner_user: User) -> Client:
    client = Client()
    client.force_login(learner_user)
    return client
