"""A person's mentoring records are in their data export, and erasure clears what they wrote."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.mentoring import services
from socialu.mentoring.models import CheckIn, Pairing
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from socialu.operations.services import person_data_export, person_erase
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_export_and_erasure_cover_mentoring(organisation: Organisation, admin_user: User) -> None:
    programme = services.programme_create(organisation=organisation, settings=ProgrammeSettings(name="Spring"))
    mentor = PersonFactory.create(organisation=organisation)
    mentee = PersonFactory.create(organisation=organisation)
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=mentor.pk, offer=MentorOffer(strengths={"x": 1.0})
    )
    services.mentee_profile_save(
        organisation=organisation,
        programme=programme,
        person_id=mentee.pk,
        needs=MenteeNeeds(needs={"x": 2}, goals="Get over my fear of video"),
    )
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    pairing = Pairing.objects.get(programme=programme)
    services.pairing_respond(pairing=pairing, person=mentee, accept=True)
    services.pairing_respond(pairing=pairing, person=mentor, accept=True)
    services.check_in_record(pairing=pairing, person=mentee, met=True, worked_on="My stage fright")

    with zipfile.ZipFile(io.BytesIO(person_data_export(person=mentee))) as archive:
        rows = json.loads(archive.read("mentoring.json"))
    assert {"mentee profile", "pairing", "check-in"} <= {row["record"] for row in rows}
    assert any(row.get("worked_on") == "My stage fright" for row in rows)

    person_erase(person=mentee, erased_by=admin_user)
    assert CheckIn.objects.get(pairing=pairing).worked_on == ""
    assert Pairing.objects.get(pk=pairing.pk).status == "active"  # the figures stay right
