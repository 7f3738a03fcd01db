"""Running an assessment: choosing respondents, opening, answering, submitting and closing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.readiness import selectors, services
from socialu.readiness.models import Answer, AnswerHistory, Assessment, AssessmentStatus, Respondent
from tests.factories import PersonFactory, UnitFactory
from tests.readiness.conftest import emailed_tokens

pytestmark = pytest.mark.django_db


def _people(assessment: Assessment) -> set[str]:
    return set(Respondent.objects.filter(assessment=assessment).values_list("person__name", flat=True))


def test_default_respondents_are_active_leaders_and_managers(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Lead", audience=Audience.LEADERSHIP)
    PersonFactory.create(organisation=organisation, name="Manage", audience=Audience.MANAGEMENT)
    PersonFactory.create(organisation=organisation, name="Gone", audience=Audience.LEADERSHIP, is_active=False)
    PersonFactory.create(organisation=organisation, name="Poster", audience=Audience.PRACTITIONER)
    assessment = services.assessment_create(organisation=organisation, title="Q1", anonymous=False, user=None)

    added = services.respondents_add(assessment=assessment)

    assert added == 2
    assert _people(assessment) == {"Lead", "Manage"}
    assert services.respondents_add(assessment=assessment) == 0  # adding again changes nothing


def test_a_unit_subtree_and_chosen_people_can_be_added(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    north = UnitFactory.create(organisation=organisation, name="North", parent=sales)
    it = UnitFactory.create(organisation=organisation, name="IT")
    PersonFactory.create(organisation=organisation, name="Top", unit=sales)
    PersonFactory.create(organisation=organisation, name="Below", unit=north)
    PersonFactory.create(organisation=organisation, name="Elsewhere", unit=it)
    extra = PersonFactory.create(organisation=organisation, name="Chosen", unit=it)
    stranger = PersonFactory.create(organisation=other_organisation, name="Stranger")
    assessment = services.assessment_create(organisation=organisation, title="Sales", anonymous=False, user=None)

    services.respondents_add(assessment=assessment, unit=sales)
    services.respondents_add(assessment=assessment, people=[extra, stranger])

    assert _people(assessment) == {"Top", "Below", "Chosen"}


def test_opening_emails_a_link_whose_token_works_and_only_its_hash_is_stored(
    open_assessment: Assessment, leader: Person, manager: Person
) -> None:
    tokens = emailed_tokens()
    assert set(tokens) == {leader.email, manager.email}
    assert open_assessment.status == AssessmentStatus.OPEN
    respondent = Respondent.objects.get(assessment=open_assessment, person=leader)
    raw = tokens[leader.email]
    assert respondent.token_hash == services.token_hash(raw) and raw not in respondent.token_hash
    assert not Respondent.objects.filter(token_hash=raw).exists()
    assert "ten short questions" in str(mail.outbox[0].body)

    page = Client().get(f"/r/{raw}/")

    assert page.status_code == 200 and "Spring check" in page.content.decode()


def test_answers_must_be_one_to_five_or_empty(leader_respondent: Respondent) -> None:
    for wrong in (0, 6, "seven"):
        with pytest.raises(services.ReadinessError, match="1 to 5"):
            services.answer_save(respondent=leader_respondent, question="goals", value=wrong, note="")
    with pytest.raises(services.ReadinessError, match="no such question"):
        services.answer_save(respondent=leader_respondent, question="nonsense", value=3, note="")

    answer = services.answer_save(respondent=leader_respondent, question="goals", value="", note="Not sure")

    assert answer.value is None and answer.note == "Not sure"


def test_answering_again_replaces_the_answer_and_keeps_the_history(leader_respondent: Respondent) -> None:
    services.answer_save(respondent=leader_respondent, question="goals", value=2, note="First thought")
    services.answer_save(respondent=leader_respondent, question="goals", value=4, note="On reflection")

    answer = Answer.objects.get(respondent=leader_respondent, question="goals")
    assert (answer.value, answer.note) == (4, "On reflection")
    history = list(AnswerHistory.objects.filter(respondent=leader_respondent).values_list("value", "note"))
    assert history == [(2, "First thought"), (4, "On reflection")]
    leader_respondent.refresh_from_db()
    assert leader_respondent.last_saved_at is not None


def test_a_closed_assessment_refuses_answers(open_assessment: Assessment, leader_respondent: Respondent) -> None:
    services.assessment_close(assessment=open_assessment)

    with pytest.raises(services.ReadinessError, match="has closed"):
        services.answer_save(respondent=leader_respondent, question="goals", value=3, note="")
    with pytest.raises(services.ReadinessError, match="has closed"):
        services.respondent_submit(respondent=leader_respondent)


def test_submitting_needs_an_answer_and_answers_can_still_change(leader_respondent: Respondent) -> None:
    with pytest.raises(services.ReadinessError, match="at least one"):
        services.respondent_submit(respondent=leader_respondent)
    services.answer_save(respondent=leader_respondent, question="goals", value=3, note="")

    services.respondent_submit(respondent=leader_respondent)
    services.answer_save(respondent=leader_respondent, question="goals", value=5, note="")

    leader_respondent.refresh_from_db()
    assert leader_respondent.submitted_at is not None
    assert Answer.objects.get(respondent=leader_respondent, question="goals").value == 5


def test_opening_needs_respondents_and_happens_once(organisation: Organisation, open_assessment: Assessment) -> None:
    empty = services.assessment_create(organisation=organisation, title="Empty", anonymous=False, user=None)
    with pytest.raises(services.ReadinessError, match="Add respondents"):
        services.assessment_open(assessment=empty)
    with pytest.raises(services.ReadinessError, match="already open"):
        services.assessment_open(assessment=open_assessment)


def test_reminders_replace_the_link_of_those_who_have_not_sent(
    open_assessment: Assessment, leader_respondent: Respondent, leader: Person, manager: Person
) -> None:
    old_manager_token = emailed_tokens()[manager.email]
    services.answer_save(respondent=leader_respondent, question="goals", value=3, note="")
    services.respondent_submit(respondent=leader_respondent)
    mail.outbox.clear()

    sent = services.reminders_send(assessment=open_assessment)

    assert sent == 1 and mail.outbox[0].to == [manager.email]
    assert Client().get(f"/r/{old_manager_token}/").status_code == 404
    assert Client().get(f"/r/{emailed_tokens()[manager.email]}/").status_code == 200


def test_people_added_while_open_are_emailed_straight_away(
    organisation: Organisation, open_assessment: Assessment
) -> None:
    newcomer = PersonFactory.create(organisation=organisation, email="new@acme.example", audience=Audience.LEADERSHIP)
    mail.outbox.clear()

    services.respondents_add(assessment=open_assessment, people=[newcomer])

    assert [message.to for message in mail.outbox] == [[newcomer.email]]


def test_progress_counts_sent_started_and_not_started(
    open_assessment: Assessment, leader_respondent: Respondent
) -> None:
    assert selectors.assessment_progress(assessment=open_assessment) == selectors.Progress(2, 0, 0, 2)
    services.answer_save(respondent=leader_respondent, question="goals", value=3, note="")
    assert selectors.assessment_progress(assessment=open_assessment) == selectors.Progress(2, 0, 1, 1)
    services.respondent_submit(respondent=leader_respondent)
    assert selectors.assessment_progress(assessment=open_assessment) == selectors.Progress(2, 1, 0, 1)


def test_an_assessment_can_open_without_emailing_anyone(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    assessment = services.assessment_create(organisation=organisation, title="Quiet", anonymous=False, user=None)
    services.respondents_add(assessment=assessment)
    assert services.assessment_open(assessment=assessment, send_invitations=False) == 0
    assert mail.outbox == []
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.OPEN
    assert [r.person.audience for r in selectors.respondents_of(assessment=assessment)] == ["leadership"]
