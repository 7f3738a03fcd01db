"""Earning, checking and revoking a certificate in a real Chromium.

A learner reads the lessons, fails then passes the quiz, earns the Ambassador
certificate, downloads its PDF (read back with pypdf) and sees the public
verification page say it is valid; an admin revokes it and the page says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from socialu.certification.awarding import code_display
from socialu.certification.models import Certificate
from socialu.core.audiences import Audience
from socialu.core.roles import Role
from socialu.curriculum.services import curriculum_import
from socialu.learning.services import enrolment_sync
from tests.browser.test_learning_flow import answer
from tests.browser.test_people_flow import sign_in
from tests.certification.support import make_tier
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.learning.conftest import write_learning_curriculum

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_a_learner_earns_the_ambassador_certificate_and_an_admin_revokes_it(
    page: Page, live_server: LiveServer
) -> None:
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    with tempfile.TemporaryDirectory() as folder:
        curriculum_import(organisation=organisation, folder=write_learning_curriculum(Path(folder)))
    make_tier(organisation, "ambassador", ("courses_passed", {"courses": ["basics"]}))
    user = member(organisation, email="lee@acme.example")
    PersonFactory.create(organisation=organisation, user=user, name="Lee Learner", audience=Audience.OBSERVER)
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    enrolment_sync(organisation=organisation)

    sign_in(page, live_server, "lee@acme.example")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My certificates").click()
    expect(page.get_by_text("1 requirement left")).to_be_visible()

    nav.get_by_role("link", name="My learning").click()
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("heading", name="Second steps")).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()
    answer(page, ["That one", "Beta", "False", "Argue back"])
    expect(page.get_by_text("Not passed this time")).to_be_visible()
    page.get_by_role("link", name="Try again").click()
    answer(page, ["This one", "Alpha", "Gamma", "True", "Acknowledge and move to a private channel"])
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()

    nav.get_by_role("link", name="My certificates").click()
    expect(page.locator(".cert-tier").get_by_text("Certified", exact=True)).to_be_visible()
    certificate = Certificate.objects.get(person__user=user)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    pdf = download_info.value.path()
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "Lee Learner" in text and "Ambassador" in text and code_display(certificate.code) in text

    page.get_by_role("link", name="Public verification page").click()
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.get_by_role("heading", name="Lee Learner")).to_be_visible()

    page.goto(f"{live_server.url}/o/acme/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "admin@acme.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Certification").click()
    page.get_by_role("link", name="Certificates issued").click()
    page.get_by_role("link", name="Lee Learner").click()
    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.get_by_text("Tick the box to confirm the revocation.")).to_be_visible()
    page.get_by_label("Reason").fill("Shared embargoed results before the announcement.")
    page.get_by_label("I understand that this certificate stops being valid at once").check()
    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.get_by_text("is revoked; they were emailed")).to_be_visible()

    page.goto(f"{live_server.url}/verify/{code_display(certificate.code)}/")
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    expect(page.get_by_text("Shared embargoed results")).to_have_count(0)
