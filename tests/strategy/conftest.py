"""Fixtures for strategy tests: an organisation with people, the default curriculum and a closed assessment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.curriculum.services import curriculum_import, default_folder
from socialu.people.models import Person
from socialu.readiness import services as readiness_services
from socialu.readiness.models import Assessment, Respondent
from socialu.readiness.questions import default_questions
from socialu.strategy import services
from socialu.strategy.models import StrategyDocument
from tests.factories import PersonFactory, member

# Leaders are confident, managers much less so: governance and capability come out weak.
ANSWERS = {
    Audience.LEADERSHIP: {"goals": 4, "trust": 4, "platform-fit": 3, "culture": 4, "integration": 3,
                          "policy": 3, "purpose": 3, "ownership": 4, "capacity": 2, "training": 1},
    Audience.MANAGEMENT: {"goals": 3, "trust": 3, "platform-fit": 3, "culture": 2, "integration": 2,
                          "policy": 1, "purpose": 2, "ownership": 1, "capacity": 1, "training": 1},
}  # fmt: skip
HEADCOUNTS = {
    Audience.LEADERSHIP: 4,
    Audience.MANAGEMENT: 10,
    Audience.PRACTITIONER: 25,
    Audience.INFRASTRUCTURE: 5,
    Audience.OBSERVER: 60,
}


def answer(respondent: Respondent, values: dict[str, int]) -> None:
    for question in default_questions()[1]:
        readiness_services.answer_save(respondent=respondent, question=question.slug, value=values[question.slug])
    readiness_services.respondent_submit(respondent=respondent)


@pytest.fixture
def people(organisation: Organisation) -> None:
    """Give the organisation 104 active people across the five audiences (and one who has left)."""
    for audience, count in HEADCOUNTS.items():
        for number in range(count):
            PersonFactory.create(organisation=organisation, audience=audience, email=f"{audience}{number}@acme.example")
    PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, is_active=False)


@pytest.fixture
def curriculum(organisation: Organisation) -> None:
    curriculum_import(organisation=organisation, folder=default_folder())


@pytest.fixture
def assessment(organisation: Organisation, people: None) -> Assessment:
    """A closed assessment answered by two leaders and three managers."""
    assessment = readiness_services.assessment_create(organisation=organisation, title="Spring readiness check")
    asked = [
        *Person.objects.filter(organisation=organisation, audience=Audience.LEADERSHIP, is_active=True)[:2],
        *Person.objects.filter(organisation=organisation, audience=Audience.MANAGEMENT)[:3],
    ]
    readiness_services.respondents_add(assessment=assessment, people=asked)
    readiness_services.assessment_open(assessment=assessment, send_invitations=False)
    for respondent in Respondent.objects.filter(assessment=assessment).select_related("person"):
        answer(respondent, ANSWERS[Audience(respondent.person.audience)])
    readiness_services.assessment_close(assessment=assessment)
    return assessment


@pytest.fixture
def document(
    organisation: Organisation, curriculum: None, assessment: Assessment, admin_user: User
) -> StrategyDocument:
    return services.strategy_generate(
        organisation=organisation, user=admin_user, assessment=assessment, cost_per_hour=Decimal("40"), currency="EUR"
    )


@pytest.fixture
def light_document(organisation: Organisation, assessment: Assessment, admin_user: User) -> StrategyDocument:
    """A document drafted without a curriculum: quicker, for tests about versions rather than content."""
    return services.strategy_generate(
        organisation=organisation, user=admin_user, assessment=assessment, cost_per_hour=Decimal("40"), currency="EUR"
    )


@pytest.fixture
def executive_client(organisation: Organisation) -> Client:
    client = Client()
    client.force_login(member(organisation, Role.EXECUTIVE_VIEWER, email="exec@acme.example"))
    return client
