"""A programme admin's first hour, in a real Chromium: sign in, import, find, stay inside their organisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.factories import TEST_PASSWORD, OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Employee ID,Full Name,Work Email,Supervisory Organization,Manager ID,Business Title,Audience\n"
GOOD_ROWS = (
    "E1,Grace Okafor,grace.okafor@acme.example,Marketing > Social,,Head of Social,leadership\n"
    "E2,Liam Brennan,liam.brennan@acme.example,Marketing > Social,E1,Community Manager,practitioner\n"
)
BAD_ROW = "E3,Maya Rossi,maya.rossi(at)acme.example,Marketing > Social,E1,Analyst,practitioner\n"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def sign_in(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def upload_and_check(page: Page, live_server: LiveServer, organisation: Organisation, file: Path) -> None:
    page.goto(f"{live_server.url}/o/{organisation.slug}/people/import/")
    page.get_by_label("Roster file").set_input_files(str(file))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    page.get_by_role("button", name="Check the file (dry run)").click()


def test_an_admin_imports_a_roster_fixes_a_rejected_row_and_finds_the_person(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    sign_in(page, live_server, "admin@acme.example")

    broken = tmp_path / "workers-broken.csv"
    broken.write_text(HEADER + GOOD_ROWS + BAD_ROW, encoding="utf-8")
    upload_and_check(page, live_server, organisation, broken)
    rejected = page.get_by_role("table").filter(has_text="maya.rossi(at)acme.example")
    expect(rejected).to_be_visible()
    expect(rejected).to_contain_text("4")  # the spreadsheet line of the bad row
    expect(rejected).to_contain_text("Work Email")
    assert not Person.objects.filter(organisation=organisation).exists()

    fixed = tmp_path / "workers.csv"
    fixed.write_text(HEADER + GOOD_ROWS + BAD_ROW.replace("(at)", "@"), encoding="utf-8")
    upload_and_check(page, live_server, organisation, fixed)
    expect(page.get_by_role("heading", name="The file is ready to import")).to_be_visible()
    assert not Person.objects.filter(organisation=organisation).exists()  # a dry run writes nothing
    page.get_by_role("button", name="Import for real").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 3

    page.goto(f"{live_server.url}/o/{organisation.slug}/people/")
    page.get_by_label("Search").fill("Brennan")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Liam Brennan").click()
    expect(page.get_by_role("heading", name="Liam Brennan")).to_be_visible()
    expect(page.get_by_role("link", name="Grace Okafor")).to_be_visible()  # the manager, resolved from E1


def test_another_organisations_person_answers_404_in_the_browser(page: Page, live_server: LiveServer) -> None:
    mine = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    theirs = OrganisationFactory.create(slug="globex", name="Globex")
    stranger = PersonFactory.create(organisation=theirs, name="Hank Scorpio")
    member(mine, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    sign_in(page, live_server, "admin@acme.example")

    response = page.goto(f"{live_server.url}/o/globex/people/{stranger.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    response = page.goto(f"{live_server.url}/o/acme/people/{stranger.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Hank Scorpio")).to_have_count(0)
