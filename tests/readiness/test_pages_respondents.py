"""Choosing respondents by name on the assessment page, and ``socialu readiness results``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.readiness import services
from socialu.readiness.models import Respondent
from socialu.readiness.question_set import services as question_services
from tests.factories import PersonFactory
from tests.readiness.conftest import answer_all

pytestmark = pytest.mark.django_db


def test_any_person_can_be_added_by_email_or_employee_id(organisation: Organisation, admin_client: Client) -> None:
    PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, name="Not chosen")
    poster = PersonFactory.create(organisation=organisation, email="pat@acme.example", audience=Audience.PRACTITIONER)
    techie = PersonFactory.create(organisation=organisation, employee_id="IT-7", audience=Audience.INFRASTRUCTURE)
    assessment = services.assessment_create(organisation=organisation, title="Hand-picked")

    response = admin_client.post(
        f"/o/acme/readiness/{assessment.pk}/", {"action": "add", "people": "PAT@acme.example, IT-7"}, follow=True
    )

    assert "2 people added." in response.content.decode()
    assert set(Respondent.objects.filter(assessment=assessment).values_list("person_id", flat=True)) == {
        poster.pk,
        techie.pk,
    }


def test_an_unknown_person_is_named_and_what_was_typed_is_kept(
    organisation: Organisation, admin_client: Client
) -> None:
    PersonFactory.create(organisation=organisation, email="pat@acme.example")
    assessment = services.assessment_create(organisation=organisation, title="Typo")

    response = admin_client.post(
        f"/o/acme/readiness/{assessment.pk}/", {"action": "add", "people": "pat@acme.example\nnobody@acme.example"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nobody in the people directory has the email address or employee ID nobody@acme.example" in page
    assert 'role="alert"' in page and "pat@acme.example\nnobody@acme.example</textarea>" in page
    assert not Respondent.objects.filter(assessment=assessment).exists()


def test_the_detail_page_says_how_many_questions_are_asked(organisation: Organisation, admin_client: Client) -> None:
    question_services.question_create(
        organisation=organisation, title="Crisis drills", prompt="Do we rehearse?", descriptors={1: "a", 3: "b", 5: "c"}
    )
    assessment = services.assessment_create(organisation=organisation, title="Eleven")

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/").content.decode()

    assert "It asks 11 questions, 1 of them your own." in page
    assert 'href="/o/acme/readiness/questions/"' in page


def test_the_results_command_prints_the_latest_results(organisation: Organisation) -> None:
    people = [PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP) for _ in range(2)]
    assessment = services.assessment_create(organisation=organisation, title="Printed")
    services.respondents_add(assessment=assessment, people=people)
    services.assessment_open(assessment=assessment, send_invitations=False)
    for respondent in Respondent.objects.filter(assessment=assessment):
        answer_all(respondent, 4)
    out, text = io.StringIO(), io.StringIO()

    call_command("readiness", "results", "--org", "acme", "--json", stdout=out)
    call_command("readiness", "results", "--org", "acme", "--assessment", str(assessment.pk), stdout=text)

    document = json.loads(out.getvalue())
    assert document["assessment"]["title"] == "Printed" and document["index"] == 75.0
    assert document["level"] == "scaling" and set(document["dimensions"]) >= {"direction", "capability"}
    assert text.getvalue().startswith("Printed (Open)\nReadiness index 75 out of 100: Scaling")
    with pytest.raises(CommandError, match="no such assessment") as raised:
        call_command("readiness", "results", "--org", "acme", "--assessment", "999999", stdout=io.StringIO())
    assert raised.value.returncode == 2
