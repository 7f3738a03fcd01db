"""Mentoring programmes end to end through the services: match, publish, answer, meet, close, outcomes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialu.certification.requirements import requirement_kind
from socialu.core.audiences import Audience
from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.mentoring import selectors, services
from socialu.mentoring.jobs import nudge_idle_pairs
from socialu.mentoring.models import Pairing, PairingStatus, Programme, ProgrammeKind
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from socialu.mentoring.strengths import strengths_source_register, strengths_source_unregister
from socialu.people.models import Person
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation: Organisation) -> Programme:
    return services.programme_create(
        organisation=organisation,
        settings=ProgrammeSettings(name="New practitioners, spring", cadence_days=14, default_capacity=2),
    )


def _mentor(organisation: Organisation, programme: Programme, strengths: dict[str, float], **fields: object) -> Person:
    person = PersonFactory.create(organisation=organisation, **fields)
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=person.pk, offer=MentorOffer(strengths=strengths)
    )
    return person


def _mentee(organisation: Organisation, programme: Programme, needs: dict[str, float], **fields: object) -> Person:
    person = PersonFactory.create(organisation=organisation, **fields)
    services.mentee_profile_save(
        organisation=organisation, programme=programme, person_id=person.pk, needs=MenteeNeeds(needs=needs)
    )
    return person


def test_a_programme_refuses_unusable_settings_field_by_field(organisation: Organisation) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.programme_create(
            organisation=organisation,
            settings=ProgrammeSettings(name=" ", cadence_days=0, mentee_audiences=["wizards"]),
        )
    assert {problem.field for problem in refused.value.details} == {"name", "cadence_days", "mentee_audiences"}


def test_match_publish_accept_check_in_and_complete(organisation: Organisation, programme: Programme) -> None:
    video = _mentor(organisation, programme, {"linkedin-video": 0.9}, location="Frankfurt")
    care = _mentor(organisation, programme, {"customer-care": 0.8})
    learner = _mentee(organisation, programme, {"linkedin-video": 3}, location="Frankfurt")

    run = services.match_run(organisation=organisation, programme=programme)
    assert (run.proposed, run.unmatched) == (1, 0)
    pairing = Pairing.objects.get(programme=programme)
    assert (pairing.mentor_id, pairing.status) == (video.pk, PairingStatus.PROPOSED)
    assert "linkedin-video" in pairing.explanation

    services.proposal_adjust(organisation=organisation, pairing=pairing, mentor_id=care.pk)
    services.proposal_adjust(organisation=organisation, pairing=pairing, mentor_id=video.pk)
    assert services.proposals_publish(organisation=organisation, programme=programme) == 1
    pairing.refresh_from_db()
    services.pairing_respond(pairing=pairing, person=learner, accept=True)
    assert pairing.status == PairingStatus.PUBLISHED
    services.pairing_respond(pairing=pairing, person=video, accept=True)
    assert pairing.status == PairingStatus.ACTIVE

    services.goals_agree(pairing=pairing, person=learner, goals="Publish one LinkedIn video a month.")
    services.check_in_record(pairing=pairing, person=video, met=True, worked_on="Scripts", next_step="Film")
    assert pairing.last_met_on == timezone.localdate()
    services.survey_answer(pairing=pairing, person=learner, stage="midpoint", satisfaction=5)
    services.pairing_close(pairing=pairing, person=None)
    kind = requirement_kind("mentoring_completed")
    assert kind is not None
    assert kind.people_meeting(organisation, {"as": "mentor"}, None) == {video.pk}
    assert kind.people_meeting(organisation, {"as": "mentee"}, None) == {learner.pk}
    assert kind.validate({"as": "coach"}) == ["as must be one of any, mentee, mentor."]


def test_no_manager_and_no_one_over_capacity(organisation: Organisation, programme: Programme) -> None:
    boss = _mentor(organisation, programme, {"video": 1.0})
    other = _mentor(organisation, programme, {"video": 0.1})
    mentees = [_mentee(organisation, programme, {"video": 1}, manager=boss) for _ in range(3)]
    services.match_run(organisation=organisation, programme=programme)
    pairs = list(Pairing.objects.filter(programme=programme).values_list("mentee_id", "mentor_id"))
    assert len(pairs) == 2
    assert {mentor for _, mentor in pairs} == {other.pk}
    assert {mentee for mentee, _ in pairs} < {mentee.pk for mentee in mentees}


def test_a_decline_frees_the_place_and_the_next_match_proposes_someone_else(
    organisation: Organisation, programme: Programme
) -> None:
    first = _mentor(organisation, programme, {"video": 1.0})
    second = _mentor(organisation, programme, {"video": 0.5})
    learner = _mentee(organisation, programme, {"video": 1})
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    assert pairing.mentor_id == first.pk
    services.pairing_respond(pairing=pairing, person=first, accept=False)
    assert selectors.mentor_load(organisation=organisation, programme=programme) == {}
    services.match_run(organisation=organisation, programme=programme)
    again = Pairing.objects.get(programme=programme, status=PairingStatus.PROPOSED)
    assert (again.mentee_id, again.mentor_id) == (learner.pk, second.pk)


def test_a_mentee_may_ask_for_a_specific_mentor(organisation: Organisation, programme: Programme) -> None:
    _mentor(organisation, programme, {"video": 1.0})
    wanted = _mentor(organisation, programme, {"video": 0.2})
    learner = _mentee(organisation, programme, {"video": 1})
    services.mentor_request(organisation=organisation, programme=programme, mentee_id=learner.pk, mentor_id=wanted.pk)
    services.match_run(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    assert pairing.mentor_id == wanted.pk
    assert pairing.explanation.startswith("the mentee asked for this mentor")


def test_asking_for_ones_own_manager_is_refused(organisation: Organisation, programme: Programme) -> None:
    boss = _mentor(organisation, programme, {"video": 1.0})
    learner = _mentee(organisation, programme, {"video": 1}, manager=boss)
    with pytest.raises(ConflictError, match="reporting line"):
        services.mentor_request(organisation=organisation, programme=programme, mentee_id=learner.pk, mentor_id=boss.pk)


def test_only_the_two_people_of_a_pair_answer_for_it(organisation: Organisation, programme: Programme) -> None:
    _mentor(organisation, programme, {"video": 1.0})
    _mentee(organisation, programme, {"video": 1})
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    with pytest.raises(PermissionDeniedError):
        services.pairing_respond(pairing=pairing, person=PersonFactory.create(organisation=organisation), accept=True)


def test_answers_after_the_deadline_are_refused_and_the_pairing_expires(
    organisation: Organisation, programme: Programme
) -> None:
    mentor = _mentor(organisation, programme, {"video": 1.0})
    _mentee(organisation, programme, {"video": 1})
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    late = timezone.now() + timedelta(days=programme.response_days + 1)
    with pytest.raises(ConflictError, match="time to answer"):
        services.pairing_respond(pairing=pairing, person=mentor, accept=True, now=late)
    assert services.answers_expire(organisation=organisation, now=late) == 1


def _active_pair(organisation: Organisation, programme: Programme, *, started: datetime) -> Pairing:
    mentor = _mentor(organisation, programme, {"video": 1.0})
    learner = _mentee(organisation, programme, {"video": 1}, audience=Audience.PRACTITIONER)
    services.match_run(organisation=organisation, programme=programme, now=started)
    services.proposals_publish(organisation=organisation, programme=programme, now=started)
    pairing = Pairing.objects.get(programme=programme, mentee=learner)
    services.pairing_respond(pairing=pairing, person=learner, accept=True, now=started)
    services.pairing_respond(pairing=pairing, person=mentor, accept=True, now=started)
    return pairing


def test_idle_pairs_are_nudged_once_per_cadence(organisation: Organisation, programme: Programme) -> None:
    started = timezone.now() - timedelta(days=20)
    pairing = _active_pair(organisation, programme, started=started)
    assert "1 pair(s) reminded" in nudge_idle_pairs(organisation)
    assert sorted(mail.outbox[0].to) == sorted([pairing.mentor.email, pairing.mentee.email])
    assert "0 pair(s) reminded" in nudge_idle_pairs(organisation)
    services.check_in_record(pairing=pairing, person=pairing.mentor, met=True)
    assert services.nudges_send(organisation=organisation, now=timezone.now() + timedelta(days=20)) == [pairing]


def test_early_closure_needs_a_reason_and_offers_a_rematch(organisation: Organisation, programme: Programme) -> None:
    pairing = _active_pair(organisation, programme, started=timezone.now() - timedelta(days=10))
    with pytest.raises(InvalidInputError):
        services.pairing_close(pairing=pairing, person=pairing.mentee, early=True)
    services.pairing_close(pairing=pairing, person=pairing.mentee, early=True, reason="Moved team", rematch=True)
    waiting = selectors.mentees_waiting(organisation=organisation, programme=programme)
    assert [profile.person_id for profile in waiting] == [pairing.mentee_id]
    replacement = _mentor(organisation, programme, {"video": 0.3})
    services.match_run(organisation=organisation, programme=programme)
    again = Pairing.objects.get(programme=programme, status=PairingStatus.PROPOSED)
    assert again.mentor_id == replacement.pk  # the earlier pair is not repeated


def test_outcomes_count_matching_meetings_continuation_and_closures(
    organisation: Organisation, programme: Programme
) -> None:
    started = timezone.now() - timedelta(days=100)
    pairing = _active_pair(organisation, programme, started=started)
    Pairing.objects.filter(pk=pairing.pk).update(started_at=started)
    pairing.refresh_from_db()
    services.check_in_record(
        pairing=pairing, person=pairing.mentee, met=True, met_on=(started + timedelta(days=3)).date()
    )
    services.survey_answer(pairing=pairing, person=pairing.mentee, stage="midpoint", satisfaction=4)
    services.pairing_close(pairing=pairing, person=None, early=True, reason="Workload")
    result = selectors.outcomes(organisation=organisation, programme=programme)
    assert result.overall["met_within_30_days"] == 1.0
    assert result.overall["satisfaction"] == 4.0
    assert result.overall["closed_early"] == 1
    assert result.closure_reasons == [("Workload", 1)]
    assert result.by_audience[0]["label"] == Audience.PRACTITIONER
    assert result.mentor_load["mentors"] == 1


def test_reverse_mentoring_proposes_only_younger_mentors_to_leaders(organisation: Organisation) -> None:
    programme = services.programme_create(
        organisation=organisation,
        settings=ProgrammeSettings(
            name="Reverse mentoring for leadership", kind=ProgrammeKind.REVERSE, mentee_audiences=[Audience.LEADERSHIP]
        ),
    )
    young = _mentor(organisation, programme, {"tiktok": 0.5}, generation_band="gen_z", audience=Audience.PRACTITIONER)
    _mentor(organisation, programme, {"tiktok": 1.0}, generation_band="baby_boomer", audience=Audience.PRACTITIONER)
    leader = _mentee(organisation, programme, {"tiktok": 1}, generation_band="gen_x", audience=Audience.LEADERSHIP)
    with pytest.raises(InvalidInputError):
        _mentee(organisation, programme, {"tiktok": 1}, audience=Audience.OBSERVER)
    services.match_run(organisation=organisation, programme=programme)
    assert list(Pairing.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")) == [
        (leader.pk, young.pk)
    ]


def test_unit_eligibility_counts_the_whole_subtree(organisation: Organisation) -> None:
    division = UnitFactory.create(organisation=organisation, name="Sales")
    team = UnitFactory.create(organisation=organisation, name="Field", parent=division)
    programme = services.programme_create(organisation=organisation, settings=ProgrammeSettings(name="Sales mentoring"))
    Programme.objects.filter(pk=programme.pk).update(mentee_unit=division)
    programme.refresh_from_db()
    assert _mentee(organisation, programme, {}, unit=team)
    with pytest.raises(InvalidInputError, match="come from Sales"):
        _mentee(organisation, programme, {}, unit=UnitFactory.create(organisation=organisation, name="Care"))


def test_evidence_sources_raise_stated_strengths(organisation: Organisation, programme: Programme) -> None:
    quiet = _mentor(organisation, programme, {})
    _mentor(organisation, programme, {"video": 0.4})
    _mentee(organisation, programme, {"video": 1})

    def source(_organisation: Organisation, ids: Collection[int]) -> dict[int, dict[str, float]]:
        return {quiet.pk: {"video": 0.95}} if quiet.pk in ids else {}

    strengths_source_register(source)
    try:
        services.match_run(organisation=organisation, programme=programme)
    finally:
        strengths_source_unregister(source)
    assert Pairing.objects.get(programme=programme).mentor_id == quiet.pk


def test_sign_ups_outside_the_matching_window_are_refused(organisation: Organisation) -> None:
    today = timezone.localdate()
    later = services.programme_create(
        organisation=organisation,
        settings=ProgrammeSettings(name="Autumn", matching_opens=today + timedelta(days=3)),
    )
    closed = services.programme_create(
        organisation=organisation,
        settings=ProgrammeSettings(
            name="Last spring", matching_opens=today - timedelta(days=30), matching_closes=today - timedelta(days=1)
        ),
    )
    with pytest.raises(ConflictError, match="Sign-ups for Autumn open on"):
        _mentee(organisation, later, {"video": 1})
    with pytest.raises(ConflictError, match="Sign-ups for Last spring closed on"):
        _mentor(organisation, closed, {"video": 1.0})
