"""Fixtures for the escalation tests: an organisation's members by role, and recording a decision."""

from __future__ import annotations

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import member

# Answers through the default tree.
TO_MEDIA_ESCALATION = ["Negative", "A journalist or media outlet asking for comment"]
TO_FIX_FACTS = ["Negative", "None of these", "Misinformed", "Yes, and we have a source"]
TO_TROLL = ["Negative", "None of these", "A troll", "No, it is just provocation"]
TO_THANKS = ["Positive", "Yes"]


@pytest.fixture
def executive_user(organisation: Organisation) -> User:
    return member(organisation, Role.EXECUTIVE_VIEWER, email="exec@acme.example")


@pytest.fixture
def executive_client(executive_user: User) -> Client:
    client = Client()
    client.force_login(executive_user)
    return client
