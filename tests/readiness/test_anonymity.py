"""An anonymous assessment cannot be de-anonymised: no individual responses, unattributed notes, no live results."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.readiness import selectors, services
from socialu.readiness.models import Assessment, Respondent
from tests.factories import PersonFactory
from tests.readiness.test_api import Api

pytestmark = pytest.mark.django_db


def _answer(assessment: Assessment, person: Person, value: int, note: str = "") -> None:
    respondent = Respondent.objects.get(assessment=assessment, person=person)
    services.answer_save(respondent=respondent, question="goals", value=value, note=note)
    services.answer_save(respondent=respondent, question="trust", value=value)


@pytest.fixture
def quiet(organisation: Organisation) -> Assessment:
    """An open anonymous assessment that three people have answered."""
    assessment = services.assessment_create(organisation=organisation, title="Quiet", anonymous=True)
    people = [
        PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, name=f"Early {n}")
        for n in range(3)
    ]
    services.respondents_add(assessment=assessment, people=people)
    services.assessment_open(assessment=assessment, send_invitations=False)
    for person in people:
        _answer(assessment, person, 3)
    return assessment


def test_adding_one_respondent_reveals_nothing_about_their_answers(
    organisation: Organisation, quiet: Assessment, admin_user: object
) -> None:
    api = Api(admin_user)  # type: ignore[arg-type]
    before_responses = api.get(f"/assessments/{quiet.pk}/responses").json()
    before_results = api.get(f"/assessments/{quiet.pk}/results").json()
    target = PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, name="Target Person")
    services.respondents_add(assessment=quiet, people=[target])
    _answer(quiet, target, 1, note="I think our leaders do not listen")

    after_responses = api.get(f"/assessments/{quiet.pk}/responses").json()
    after_results = api.get(f"/assessments/{quiet.pk}/results").json()

    assert after_responses["items"] == [] and after_responses["count"] == 0
    assert before_responses == after_responses
    assert after_results["withheld"] is True and "index" not in after_results and "questions" not in after_results
    assert before_results["withheld"] is True
    text = json.dumps(after_responses) + json.dumps(after_results)
    assert "do not listen" not in text


def test_the_results_page_of_an_open_anonymous_assessment_shows_no_results(
    organisation: Organisation, quiet: Assessment, admin_client: Client
) -> None:
    page = admin_client.get(f"/o/acme/readiness/{quiet.pk}/results/").content.decode()

    assert "Results withheld" in page
    assert "shown once it is closed" in page
    assert 'id="readiness-index"' not in page


def test_the_cli_withholds_an_open_anonymous_assessment(quiet: Assessment) -> None:
    out = StringIO()
    call_command("readiness", "results", "--org", "acme", "--assessment", str(quiet.pk), "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["withheld"] is True and "index" not in document and "questions" not in document


def test_notes_are_unattributed_and_not_in_answering_order(organisation: Organisation, quiet: Assessment) -> None:
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    for number, person in enumerate(people):
        _answer(quiet, person, 3, note=f"note number {number:02d}")
    more = [PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP) for _ in range(17)]
    services.respondents_add(assessment=quiet, people=more)
    for number, person in enumerate(more, start=len(people)):
        _answer(quiet, person, 3, note=f"note number {number:02d}")
    services.assessment_close(assessment=quiet)

    orders = set()
    for _ in range(3):
        notes = selectors.assessment_results(assessment=quiet).notes
        assert all(who == "" for _, who, _ in notes)
        orders.add(tuple(note for _, _, note in notes))
    answering_order = tuple(f"note number {n:02d}" for n in range(20))

    assert all(sorted(order) == sorted(answering_order) for order in orders)
    assert answering_order not in orders
    assert len(orders) > 1


def test_groups_below_the_threshold_stay_hidden_after_more_respondents_are_added(
    organisation: Organisation, quiet: Assessment
) -> None:
    lonely = PersonFactory.create(organisation=organisation, audience=Audience.PRACTITIONER)
    services.respondents_add(assessment=quiet, people=[lonely])
    _answer(quiet, lonely, 1)
    invited_only = [PersonFactory.create(organisation=organisation, audience=Audience.PRACTITIONER) for _ in range(3)]
    services.respondents_add(assessment=quiet, people=invited_only)
    services.assessment_close(assessment=quiet)

    results = selectors.results_document(assessment=quiet)
    page_groups = {
        (g.kind, g.name) for b in selectors.assessment_results(assessment=quiet).breakdowns for g in b.groups
    }

    assert results["withheld"] is False
    assert "practitioner" not in json.dumps(results).lower()
    assert ("Audience", "Practitioner") not in page_groups


def test_a_named_assessment_still_lists_responses_with_names(organisation: Organisation, admin_user: object) -> None:
    assessment = services.assessment_create(organisation=organisation, title="Named", anonymous=False)
    person = PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP, name="Nora Named")
    services.respondents_add(assessment=assessment, people=[person])
    services.assessment_open(assessment=assessment, send_invitations=False)
    _answer(assessment, person, 4)

    document = Api(admin_user).get(f"/assessments/{assessment.pk}/responses").json()  # type: ignore[arg-type]

    assert document["count"] == 1 and document["items"][0]["name"] == "Nora Named"
