"""`socialu doctor` finds mentoring records that contradict themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.mentoring import services
from socialu.mentoring.consistency import CHECKS
from socialu.mentoring.models import CheckIn, MentorProfile, Pairing
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_meetings_before_the_start_and_mentors_over_capacity_are_found(organisation: Organisation) -> None:
    programme = services.programme_create(organisation=organisation, settings=ProgrammeSettings(name="Spring"))
    mentor, mentee = PersonFactory.create(organisation=organisation), PersonFactory.create(organisation=organisation)
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=mentor.pk, offer=MentorOffer(strengths={"x": 1.0})
    )
    services.mentee_profile_save(
        organisation=organisation, programme=programme, person_id=mentee.pk, needs=MenteeNeeds(needs={"x": 1})
    )
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    services.pairing_respond(pairing=pairing, person=mentee, accept=True)
    services.pairing_respond(pairing=pairing, person=mentor, accept=True)
    services.check_in_record(pairing=pairing, person=mentee, met=True)
    checks = {check.key: check for check in CHECKS}
    now = timezone.now()
    assert [checks[key].run(organisation, now, 5).count for key in sorted(checks)] == [0, 0]

    CheckIn.objects.update(met_on=timezone.localdate() - timedelta(days=10))
    MentorProfile.objects.update(capacity=0)
    assert checks["mentoring.out_of_order"].run(organisation, now, 5).count == 1
    assert checks["mentoring.over_capacity"].run(organisation, now, 5).examples[0].detail == "1 mentees, capacity 0"
