"""Audience rules and what a check says about the file, in a real Chromium, audited with axe at 320 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.people.models import Person
from tests.browser.accessibility import audit
from tests.factories import TEST_PASSWORD, OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROSTER = (
    "Employee ID,Name,Email,Manager ID,Job Profile,Worker Type,Favourite colour\n"
    "E1,Zoë Åkesson,zoe@acme.example,,Chief Executive Officer,Employee,blue\n"
    "E2,Mo Manager,mo@acme.example,E1,Head of Sales,Employee,green\n"
    "E3,Sam Seller,sam@acme.example,E2,Account Executive,Employee,red\n"
    "E4,Pat Partner,pat@agency.example,,Account Director,Contractor,grey\n"
)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_an_admin_checks_a_latin_1_file_sees_the_rules_at_work_and_imports(
    axe_page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="acme", name="Acme Ltd")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("admin@acme.example")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audience rules").click()
    expect(page.get_by_role("heading", name="Audience rules", exact=True)).to_be_visible()
    expect(page.get_by_text("Rule 2: top of the tree → leadership")).to_be_visible()
    assert audit(page) == []

    file = tmp_path / "workday.csv"
    file.write_bytes(ROSTER.encode("latin-1"))
    page.goto(f"{live_server.url}/o/acme/people/import/")
    page.get_by_label("Roster file").set_input_files(str(file))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    page.get_by_role("button", name="Check the file (dry run)").click()

    expect(page.get_by_role("heading", name="How the file was read")).to_be_visible()
    expect(page.get_by_text("Windows-1252 (Western European)")).to_be_visible()
    expect(page.get_by_text("Favourite colour")).to_be_visible()
    expect(page.get_by_text("Rule 2: top of the tree → leadership: 1 person")).to_be_visible()
    assert audit(page) == []

    page.get_by_role("button", name="Import for real").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    people = {person.employee_id: person for person in Person.objects.filter(organisation=organisation)}
    assert people["E1"].name == "Zoë Åkesson"
    assert (people["E1"].audience, people["E2"].audience, people["E4"].audience) == (
        "leadership",
        "management",
        "observer",
    )
