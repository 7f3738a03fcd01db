"""Fixtures for readiness tests: an open assessment and the links emailed to respondents."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from pytest_django import Settings

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.readiness import services
from socialu.readiness.models import Assessment, Respondent
from socialu.readiness.questions import default_questions
from tests.factories import PersonFactory

SLUGS = [question.slug for question in default_questions()[1]]
LINK = re.compile(r"http://testserver/r/([A-Za-z0-9_\-]+)/")


def emailed_tokens() -> dict[str, str]:
    """Return recipient email → raw token from the links in the sent emails (the latest link wins)."""
    tokens = {}
    for message in mail.outbox:
        found = LINK.search(str(message.body))
        if found:
            tokens[message.to[0]] = found.group(1)
    return tokens


def answer_all(respondent: Respondent, value: int) -> None:
    for slug in SLUGS:
        services.answer_save(respondent=respondent, question=slug, value=value, note="")


@pytest.fixture(autouse=True)
def site_url(settings: Settings) -> None:
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def leader(organisation: Organisation) -> Person:
    return PersonFactory.create(
        organisation=organisation, name="Lena Leader", email="lena@acme.example", audience=Audience.LEADERSHIP
    )


@pytest.fixture
def manager(organisation: Organisation) -> Person:
    return PersonFactory.create(
        organisation=organisation, name="Max Manager", email="max@acme.example", audience=Audience.MANAGEMENT
    )


@pytest.fixture
def open_assessment(organisation: Organisation, leader: Person, manager: Person) -> Assessment:
    assessment = services.assessment_create(organisation=organisation, title="Spring check", anonymous=False, user=None)
    services.respondents_add(assessment=assessment)
    services.assessment_open(assessment=assessment)
    return assessment


@pytest.fixture
def leader_token(open_assessment: Assessment, leader: Person) -> str:
    return emailed_tokens()[leader.email]


@pytest.fixture
def leader_respondent(open_assessment: Assessment, leader: Person) -> Respondent:
    return Respondent.objects.get(assessment=open_assessment, person=leader)
