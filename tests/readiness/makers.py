"""Objects the permission-matrix and tenancy tests need for readiness URLs (see tests/core)."""

from __future__ import annotations

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.readiness import services
from socialu.readiness.question_set import services as question_services
from tests.factories import PersonFactory


def question_id(organisation: Organisation) -> int:
    """Return the id of a new question of the organisation's own."""
    return question_services.question_create(
        organisation=organisation,
        title="Matrix question",
        prompt="Is the matrix ready?",
        descriptors={1: "No.", 3: "Partly.", 5: "Yes."},
    ).pk


def assessment_id(organisation: Organisation) -> int:
    """Return the id of a draft assessment with one leader asked, so that it can be opened."""
    assessment = services.assessment_create(organisation=organisation, title="Matrix")
    person = PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    services.respondents_add(assessment=assessment, people=[person])
    return assessment.pk
