"""An organisation's own questions and weights: always after the ten, kept with each assessment when it opens."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.readiness import selectors, services
from socialu.readiness.models import Assessment, Question, Respondent
from socialu.readiness.question_set import selectors as question_selectors
from socialu.readiness.question_set import services as question_services
from tests.readiness.conftest import SLUGS, answer_all, emailed_tokens

pytestmark = pytest.mark.django_db

DESCRIPTORS = {1: "We have never practised.", 3: "We practised once.", 5: "We practise every quarter."}


def _crisis(organisation: Organisation, weight: object = 1) -> Question:
    return question_services.question_create(
        organisation=organisation,
        title="Crisis drills",
        prompt="Do we rehearse how we would handle a crisis online?",
        descriptors=DESCRIPTORS,
        weight=weight,
    )


def _open(organisation: Organisation, title: str) -> Assessment:
    assessment = services.assessment_create(organisation=organisation, title=title)
    services.respondents_add(assessment=assessment)
    services.assessment_open(assessment=assessment)
    return assessment


def test_the_ten_are_always_asked_and_own_questions_come_after(organisation: Organisation) -> None:
    crisis = _crisis(organisation)

    questions = question_selectors.question_set(organisation=organisation)

    assert [q.slug for q in questions] == [*SLUGS, "crisis-drills"]
    assert questions[-1].number == 11 and questions[-1].custom and questions[-1].dimension == "organisation-specific"
    assert crisis.slug == "crisis-drills"
    assert _crisis(organisation).slug == "crisis-drills-2"  # a second one with the same title gets its own key


def test_a_question_needs_a_title_prompt_and_descriptors_and_a_sensible_weight(organisation: Organisation) -> None:
    with pytest.raises(services.ReadinessError, match="title"):
        question_services.question_create(organisation=organisation, title=" ", prompt="?", descriptors=DESCRIPTORS)
    with pytest.raises(services.ReadinessError, match="1, 3 and 5"):
        question_services.question_create(organisation=organisation, title="T", prompt="P?", descriptors={1: "x"})
    with pytest.raises(services.ReadinessError, match=r"0\.1 to 10"):
        _crisis(organisation, weight=0)
    with pytest.raises(services.ReadinessError, match=r"0\.1 to 10"):
        question_services.question_weights_set(organisation=organisation, weights={"goals": "11"})
    with pytest.raises(services.ReadinessError, match="no question"):
        question_services.question_weights_set(organisation=organisation, weights={"nonsense": 2})
    assert not Question.objects.filter(organisation=organisation).exists()


def test_weights_change_the_index(organisation: Organisation, leader: Person) -> None:
    question_services.question_weights_set(organisation=organisation, weights={"goals": 9, "policy": "1.0"})
    assessment = _open(organisation, "Weighted")
    respondent = Respondent.objects.get(assessment=assessment, person=leader)
    answer_all(respondent, 1)
    services.answer_save(respondent=respondent, question="goals", value=5)

    results = selectors.assessment_results(assessment=assessment)

    # goals (weight 9) scores 100, the other nine (weight 1) score 0.
    assert results.score.index == pytest.approx(50.0)
    assert Question.objects.filter(organisation=organisation, builtin=True).count() == 1  # policy stays at 1


def test_an_open_assessment_keeps_its_questions_when_they_change_later(
    organisation: Organisation, leader: Person, manager: Person
) -> None:
    crisis = _crisis(organisation, weight=2)
    first = _open(organisation, "First")
    leader_token = emailed_tokens()[leader.email]
    respondent = Respondent.objects.get(assessment=first, person=leader)
    services.answer_save(respondent=respondent, question="crisis-drills", value=5)

    question_services.question_update(
        question=crisis,
        title="Incident rehearsals",
        prompt="Changed?",
        descriptors=DESCRIPTORS,
        dimension="governance",
        weight=5,
    )
    question_services.question_retire(question=crisis)
    question_services.question_weights_set(organisation=organisation, weights={"goals": 4})
    second = _open(organisation, "Second")

    kept = question_selectors.assessment_questions(assessment=first)
    assert kept[-1].title == "Crisis drills" and kept[-1].weight == 2.0 and kept[0].weight == 1.0
    assert [q.slug for q in question_selectors.assessment_questions(assessment=second)] == SLUGS
    assert question_selectors.assessment_questions(assessment=second)[0].weight == 4.0
    page = Client().get(f"/r/{leader_token}/").content.decode()
    assert "Crisis drills" in page and "We practise every quarter." in page and page.count("<fieldset") == 11
    with pytest.raises(services.ReadinessError, match="no such question"):
        services.answer_save(
            respondent=Respondent.objects.get(assessment=second, person=leader), question="crisis-drills", value=3
        )
    assert selectors.assessment_results(assessment=first).score.question("crisis-drills") is not None


def test_the_email_counts_the_questions_asked(organisation: Organisation, leader: Person) -> None:
    _crisis(organisation)
    _open(organisation, "Eleven")

    assert "There are eleven short questions" in str(mail.outbox[0].body)


def test_the_questions_page_lists_the_ten_and_adds_a_question(organisation: Organisation, admin_client: Client) -> None:
    page = admin_client.get("/o/acme/readiness/questions/").content.decode()
    assert "10. Training" in page and page.count('class="weight-input"') == 10
    assert 'aria-current="page">Readiness questions<' in page

    response = admin_client.post(
        "/o/acme/readiness/questions/",
        {
            "action": "add",
            "title": "Crisis drills",
            "prompt": "Do we rehearse?",
            "descriptor_1": "Never.",
            "descriptor_3": "Once.",
            "descriptor_5": "Every quarter.",
            "dimension": "organisation-specific",
            "weight": "2.5",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "“Crisis drills” is added" in page and "11. Crisis drills" in page
    assert Question.objects.get(organisation=organisation, slug="crisis-drills").weight == Decimal("2.5")


def test_a_question_with_errors_is_shown_again_with_what_was_typed(admin_client: Client) -> None:
    response = admin_client.post(
        "/o/acme/readiness/questions/",
        {"action": "add", "title": "Half done", "prompt": "", "descriptor_1": "Kept text", "weight": "99"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and 'href="#id_prompt"' in page
    assert 'value="Half done"' in page and "Kept text" in page
    assert 'aria-describedby="id_prompt_error' in page or 'aria-invalid="true"' in page


def test_weights_are_saved_from_the_page(organisation: Organisation, admin_client: Client) -> None:
    data = {"action": "weights"} | {f"weight-{slug}": "1" for slug in SLUGS} | {"weight-policy": "3"}

    admin_client.post("/o/acme/readiness/questions/", data)
    bad = admin_client.post("/o/acme/readiness/questions/", data | {"weight-goals": "0"}).content.decode()

    assert question_selectors.question_set(organisation=organisation)[5].weight == 3.0
    assert 'aria-invalid="true"' in bad and 'value="0"' in bad
    assert question_selectors.question_set(organisation=organisation)[0].weight == 1.0


def test_a_question_can_be_edited_retired_and_asked_again(organisation: Organisation, admin_client: Client) -> None:
    crisis = _crisis(organisation)
    url = f"/o/acme/readiness/questions/{crisis.pk}/"
    form = {
        "title": "Crisis rehearsals",
        "prompt": "Do we rehearse?",
        "descriptor_1": "a",
        "descriptor_3": "b",
        "descriptor_5": "c",
        "dimension": "governance",
        "weight": "3",
    }

    assert "Crisis drills" in admin_client.get(url).content.decode()
    admin_client.post(url, form | {"action": "save"})
    admin_client.post(url, {"action": "retire"})
    retired = question_selectors.question_set(organisation=organisation)
    page = admin_client.get("/o/acme/readiness/questions/").content.decode()
    admin_client.post(url, {"action": "restore"})

    crisis.refresh_from_db()
    assert (crisis.title, crisis.dimension, crisis.weight) == ("Crisis rehearsals", "governance", Decimal("3.0"))
    assert len(retired) == 10 and "Retired questions" in page
    assert len(question_selectors.question_set(organisation=organisation)) == 11


def test_another_organisations_question_is_not_found(other_organisation: Organisation, admin_client: Client) -> None:
    theirs = _crisis(other_organisation)

    assert admin_client.get(f"/o/acme/readiness/questions/{theirs.pk}/").status_code == 404
    assert admin_client.post(f"/o/acme/readiness/questions/{theirs.pk}/", {"action": "retire"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.retired_at is None
