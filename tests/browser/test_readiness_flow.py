"""Readiness in a real Chromium: a respondent answers half, leaves, comes back and finishes; the admin reads results."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.readiness import services
from socialu.readiness.models import Answer, Assessment, Respondent
from socialu.readiness.questions import default_questions
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUGS = [question.slug for question in default_questions()[1]]
LINK = re.compile(r"(http://\S+/r/[A-Za-z0-9_\-]+/)")


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def _earlier_assessment(organisation: Organisation) -> None:
    """A closed assessment from six months ago, with lower answers, for the trend."""
    earlier = services.assessment_create(organisation=organisation, title="Readiness, spring")
    people = [PersonFactory.create(organisation=organisation, audience=Audience.PRACTITIONER) for _ in range(3)]
    services.respondents_add(assessment=earlier, people=people)
    services.assessment_open(assessment=earlier, send_invitations=False)
    for respondent in Respondent.objects.filter(assessment=earlier):
        for slug in SLUGS:
            services.answer_save(respondent=respondent, question=slug, value=2)
    services.assessment_close(assessment=earlier)
    Assessment.objects.filter(pk=earlier.pk).update(closed_at=timezone.now() - dt.timedelta(days=182))


def _others_answer(assessment: Assessment, leader_email: str) -> None:
    """Two more leaders agree that ownership is settled; three managers say it is not."""
    for respondent in Respondent.objects.filter(assessment=assessment).exclude(person__email=leader_email):
        leader = respondent.person.audience == Audience.LEADERSHIP
        for slug in SLUGS:
            value = (5 if leader else 1) if slug == "ownership" else (4 if leader else 3)
            services.answer_save(respondent=respondent, question=slug, value=value)
        services.respondent_submit(respondent=respondent)


def test_a_respondent_resumes_their_answers_and_the_admin_reads_the_results(
    page: Page, live_server: LiveServer, settings: Settings
) -> None:
    settings.SITE_URL = live_server.url
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    board, stores = (UnitFactory.create(organisation=organisation, name=name) for name in ("Board", "Stores"))
    for index in range(3):
        PersonFactory.create(
            organisation=organisation,
            audience=Audience.LEADERSHIP,
            unit=board,
            name=f"Leader {index}",
            email=f"leader{index}@kestrel.example",
        )
        PersonFactory.create(organisation=organisation, audience=Audience.MANAGEMENT, unit=stores)
    _earlier_assessment(organisation)
    assessment = services.assessment_create(organisation=organisation, title="Readiness, autumn")
    services.respondents_add(assessment=assessment)
    services.assessment_open(assessment=assessment)
    message = next(m for m in mail.outbox if m.to == ["leader0@kestrel.example"])
    found = LINK.search(str(message.body))
    assert found is not None
    link = found.group(1)

    # The respondent answers the first five questions; each is saved as it is chosen.
    page.goto(link)
    expect(page.get_by_role("heading", name="Readiness, autumn")).to_be_visible()
    for slug in SLUGS[:5]:
        page.locator(f"label[for='value-{slug}-4']").click()
        expect(page.locator(f"#saved-{slug}")).to_have_text("Saved")
    with page.expect_response("**/answer/") as saved_note:
        page.get_by_label("Note (optional)").first.fill("Targets exist for marketing only.")
    assert saved_note.value.status == 200
    expect(page.locator("#saved-goals")).to_have_text("Saved")
    context = page.context
    page.close()

    # They come back later through the same link: the answers are still there.
    page = context.new_page()
    page.goto(link)
    for slug in SLUGS[:5]:
        expect(page.locator(f"#value-{slug}-4")).to_be_checked()
    expect(page.get_by_label("Note (optional)").first).to_have_value("Targets exist for marketing only.")
    for slug in SLUGS[5:]:
        value = 5 if slug == "ownership" else 4
        page.locator(f"label[for='value-{slug}-{value}']").click()
        expect(page.locator(f"#saved-{slug}")).to_have_text("Saved")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are sent.")).to_be_visible()
    respondent = Respondent.objects.get(assessment=assessment, person__email="leader0@kestrel.example")
    assert respondent.submitted_at is not None
    assert Answer.objects.filter(respondent=respondent, value__isnull=False).count() == 10

    # The admin closes the assessment and reads the results.
    _others_answer(assessment, "leader0@kestrel.example")
    sign_in(page, live_server, "admin@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readiness", exact=True).click()
    page.get_by_role("link", name="Readiness, autumn").click()
    expect(page.locator("#respondent-count")).to_have_text("6")
    page.get_by_role("button", name="Close the assessment").click()
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", name="Readiness results: Readiness, autumn")).to_be_visible()
    expect(page.locator("#readiness-index")).to_have_text(re.compile(r"^\d+$"))
    expect(
        page.get_by_text("Leadership and management disagree on ownership: leadership mean 5.0, management 1.0.")
    ).to_be_visible()
    expect(page.get_by_text("Board and Stores disagree on ownership")).to_be_visible()
    expect(page.get_by_role("heading", name="Training mix")).to_be_visible()
    expect(page.locator(".training-mix .mix-recommended").first).to_be_visible()
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
    expect(page.get_by_role("img", name="Readiness index over time, 0 to 100")).to_be_visible()
    expect(page.get_by_role("img", name="Score of each dimension, 0 to 100")).to_be_visible()
    screenshots = os.environ.get("SOCIALU_SCREENSHOT_DIR")
    if screenshots:
        page.screenshot(path=str(Path(screenshots) / "readiness-results.png"), full_page=True)

    # The admin gives policy more weight for the next assessment.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readiness questions").click()
    page.get_by_label("Weight of Policy").fill("2")
    page.get_by_role("button", name="Save weights").click()
    expect(page.get_by_text("Weights saved (1 changed).")).to_be_visible()
    expect(page.get_by_label("Weight of Policy")).to_have_value("2.0")
    if screenshots:
        page.screenshot(path=str(Path(screenshots) / "readiness-questions.png"), full_page=True)
