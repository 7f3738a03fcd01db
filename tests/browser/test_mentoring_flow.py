"""Mentoring in a real Chromium: an admin runs the match and publishes it, both sides accept, one checks in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.mentoring import services
from socialu.mentoring.models import CheckIn, Pairing, PairingStatus
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from tests.browser.accessibility import audit
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_run_a_match_publish_accept_on_both_sides_and_record_a_check_in(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    programme = services.programme_create(
        organisation=organisation, settings=ProgrammeSettings(name="New practitioners, spring")
    )
    mentor_user = member(organisation, Role.MENTOR, email="mo@kestrel.example")
    mentee_user = member(organisation, email="lee@kestrel.example")
    mentor = PersonFactory.create(
        organisation=organisation, user=mentor_user, name="Mo Mentor", email="mo@kestrel.example", location="Frankfurt"
    )
    mentee = PersonFactory.create(
        organisation=organisation, user=mentee_user, name="Lee Learner", email="lee@kestrel.example"
    )
    services.mentor_profile_save(
        organisation=organisation,
        programme=programme,
        person_id=mentor.pk,
        offer=MentorOffer(strengths={"linkedin-video": 0.9}),
    )
    services.mentee_profile_save(
        organisation=organisation,
        programme=programme,
        person_id=mentee.pk,
        needs=MenteeNeeds(needs={"linkedin-video": 3}, location="Frankfurt"),
    )

    sign_in(page, live_server, "admin@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
    page.get_by_role("link", name="New practitioners, spring").click()
    page.get_by_role("button", name="Run the match").click()
    expect(page.get_by_text("1 pair(s) proposed")).to_be_visible()
    expect(page.get_by_role("cell", name="both in Frankfurt", exact=False)).to_be_visible()
    page.get_by_role("button", name="Publish 1 proposal").click()
    expect(page.get_by_text("1 proposal(s) published")).to_be_visible()
    sign_out(page)

    for email in ("lee@kestrel.example", "mo@kestrel.example"):
        sign_in(page, live_server, email)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
        expect(page.get_by_text("Why this pair:")).to_contain_text("linkedin-video")
        page.get_by_role("button", name="Accept").click()
        expect(page.get_by_text("Accepted.")).to_be_visible()
        if email.startswith("lee"):
            sign_out(page)
    assert Pairing.objects.get(programme=programme).status == PairingStatus.ACTIVE

    page.get_by_label("Did you meet?").select_option("yes")
    page.get_by_label("What did you work on?").fill("Scripts for a first LinkedIn video")
    page.get_by_label("Next step").fill("Film it")
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.get_by_text("Check-in recorded.")).to_be_visible()
    expect(page.get_by_text("Last met on")).to_be_visible()
    assert CheckIn.objects.get(pairing__programme=programme).worked_on == "Scripts for a first LinkedIn video"


def test_the_mentoring_pages_pass_axe_and_reflow_at_320_px(axe_page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    programme = services.programme_create(
        organisation=organisation, settings=ProgrammeSettings(name="Reverse mentoring for leadership, a long name")
    )
    me = PersonFactory.create(organisation=organisation, user=admin, name="Ada Admin", email="admin@kestrel.example")
    mentors = [PersonFactory.create(organisation=organisation, location="Frankfurt") for _ in range(3)]
    for number, mentor in enumerate(mentors):
        offer = MentorOffer(strengths={"linkedin-video": 0.9, f"a-very-long-skill-slug-number-{number}": 0.8})
        services.mentor_profile_save(organisation=organisation, programme=programme, person_id=mentor.pk, offer=offer)
    for mentee in [me, *(PersonFactory.create(organisation=organisation) for _ in range(3))]:
        needs = MenteeNeeds(needs={"linkedin-video": 3, "a-very-long-skill-slug-number-1": 1}, location="Frankfurt")
        services.mentee_profile_save(organisation=organisation, programme=programme, person_id=mentee.pk, needs=needs)
    services.match_run(organisation=organisation, programme=programme)
    services.proposals_publish(organisation=organisation, programme=programme)
    mine = Pairing.objects.get(programme=programme, mentee=me)
    services.pairing_respond(pairing=mine, person=me, accept=True)
    services.pairing_respond(pairing=mine, person=mine.mentor, accept=True)
    services.match_run(organisation=organisation, programme=programme)

    sign_in(axe_page, live_server, "admin@kestrel.example")
    problems = []
    for path in ("/o/kestrel/mentoring/", f"/o/kestrel/mentoring/programmes/{programme.slug}/"):
        axe_page.goto(live_server.url + path)
        problems += audit(axe_page)
    assert problems == [], "\n".join(str(problem) for problem in problems)
