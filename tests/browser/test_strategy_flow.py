"""The strategy document in a real Chromium: generate from an assessment, edit a section with preview, download."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.audiences import Audience
from socialu.core.roles import Role
from socialu.curriculum.services import curriculum_import, default_folder
from socialu.readiness import services as readiness_services
from socialu.readiness.models import Respondent
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member
from tests.strategy.conftest import ANSWERS, answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_an_admin_generates_edits_and_downloads_the_strategy(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    curriculum_import(organisation=organisation, folder=default_folder())
    for number, audience in enumerate([Audience.LEADERSHIP] * 3 + [Audience.MANAGEMENT] * 5 + [Audience.OBSERVER] * 20):
        PersonFactory.create(organisation=organisation, audience=audience, email=f"p{number}@kestrel.example")
    assessment = readiness_services.assessment_create(organisation=organisation, title="Autumn readiness")
    readiness_services.respondents_add(assessment=assessment)
    readiness_services.assessment_open(assessment=assessment, send_invitations=False)
    for respondent in Respondent.objects.filter(assessment=assessment).select_related("person"):
        answer(respondent, ANSWERS[Audience(respondent.person.audience)])
    readiness_services.assessment_close(assessment=assessment)

    sign_in(page, live_server, "admin@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Strategy").click()
    expect(page.get_by_role("heading", name="No strategy yet")).to_be_visible()
    page.get_by_role("link", name="Generate the strategy").click()
    expect(page.get_by_label("Readiness assessment")).to_have_value(str(assessment.pk))
    page.get_by_label("Cost per hour").fill("45")
    page.get_by_role("button", name="Generate the strategy").click()
    expect(page.get_by_text("The strategy is drafted")).to_be_visible()
    expect(page.get_by_role("heading", name="2. Business case and resourcing")).to_be_visible()
    expect(page.locator(".strategy-resourcing tfoot")).to_contain_text("EUR")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by the page's script

    page.get_by_role("link", name="Edit “Goals”").click()
    with page.expect_response("**/preview/") as preview:
        page.get_by_label("Section text").fill("## Our first year\n\nEvery leader posts **once a month**.")
    assert preview.value.status == 200, preview.value.text()
    expect(page.locator("#strategy-preview strong")).to_have_text("once a month")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("is saved as version 2")).to_be_visible()
    expect(page.locator("#section-goals")).to_contain_text("Every leader posts once a month.")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    pdf_path = Path(pdf_download.value.path())
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf_path).pages)
    assert "Every leader posts once a month." in " ".join(pdf_text.split())
    assert "Business case and resourcing" in pdf_text

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download Word (DOCX)").click()
    word = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert "Our first year" in [p.text for p in word.paragraphs]
    assert any(row.cells[0].text == "Leadership" for table in word.tables for row in table.rows)
