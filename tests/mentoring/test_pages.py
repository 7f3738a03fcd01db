"""Mentoring pages: the admin runs and publishes a match, downloads it; both sides accept and check in."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.mentoring import services
from socialu.mentoring.models import Pairing, PairingStatus
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


def test_match_publish_accept_and_check_in_through_the_pages(organisation: Organisation, admin_client: Client) -> None:
    programme = services.programme_create(organisation=organisation, settings=ProgrammeSettings(name="Spring"))
    people: dict[str, User] = {}
    for role in ("mentor", "mentee"):
        people[role] = member(organisation, email=f"{role}@acme.example")
        person = PersonFactory.create(organisation=organisation, user=people[role], name=f"{role.title()} Person")
        if role == "mentor":
            offer = MentorOffer(strengths={"video": 1.0})
            services.mentor_profile_save(
                organisation=organisation, programme=programme, person_id=person.pk, offer=offer
            )
        else:
            needs = MenteeNeeds(needs={"video": 2})
            services.mentee_profile_save(
                organisation=organisation, programme=programme, person_id=person.pk, needs=needs
            )
    base = f"/o/acme/mentoring/programmes/{programme.slug}/"
    assert "Run the match" in admin_client.get(base).content.decode()
    admin_client.post(base + "match/")
    page = admin_client.get(base).content.decode()
    assert "Publish 1 proposal" in page and "Mentor Person" in page
    admin_client.post(base + "publish/")
    download = admin_client.get(base + "pairings.xlsx")
    assert "attachment" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)  # type: ignore[attr-defined]
    sheet = workbook.active
    assert sheet is not None
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Published (waiting for both to accept)"
    ]

    pairing = Pairing.objects.get(programme=programme)
    for role in ("mentee", "mentor"):
        client = Client()
        client.force_login(people[role])
        assert "Accept" in client.get("/o/acme/mentoring/").content.decode()
        client.post(f"/o/acme/mentoring/pairings/{pairing.pk}/answer/", {"answer": "accept"})
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.ACTIVE
    client.post(f"/o/acme/mentoring/pairings/{pairing.pk}/check-in/", {"met": "yes", "worked_on": "Hooks"})
    pairing.refresh_from_db()
    assert pairing.last_met_on is not None
    assert "Record a check-in" in client.get("/o/acme/mentoring/").content.decode()
    assert "Outcomes by programme" in admin_client.get("/o/acme/mentoring/").content.decode()
