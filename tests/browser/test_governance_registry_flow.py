"""Governance in a real Chromium: coverage moves when a learner acknowledges, an owner who leaves orphans
their account, and everyone can see who does what (also on a phone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.governance.policies.services import policy_install_default
from socialu.governance.raci.services import raci_install_default
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.browser.test_governance_flow import sign_out
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROSTER_HEADER = "Employee ID,Full Name,Work Email,Supervisory Organization,Business Title,Audience\n"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def test_the_coverage_report_moves_when_a_learner_acknowledges(page: Page, live_server: LiveServer) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    learner = member(organisation, email="lee@kestrel.example")
    PersonFactory.create(organisation=organisation, user=learner, name="Lee Learner", email="lee@kestrel.example")
    PersonFactory.create(organisation=organisation, name="Pat Pending")
    policy_install_default(organisation=organisation)
    coverage = f"{live_server.url}/o/kestrel/policies/social-media-policy/coverage/"

    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(coverage)
    expect(page.locator("#acknowledged-count")).to_have_text("0")
    expect(page.get_by_text("0% acknowledged")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "lee@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Policies").click()
    page.get_by_role("link", name="Social media policy").first.click()
    page.get_by_role("button", name="I have read and understood this policy").click()
    expect(page.get_by_text("You acknowledged this version on")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(coverage)
    expect(page.locator("#acknowledged-count")).to_have_text("1")
    expect(page.get_by_text("50% acknowledged")).to_be_visible()


def test_an_account_is_flagged_as_orphaned_once_its_owner_is_deactivated(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    owner = PersonFactory.create(organisation=organisation, employee_id="E1", name="Olive Owner")
    backup = PersonFactory.create(organisation=organisation, employee_id="E2", name="Ben Backup")
    social_account_create(
        organisation=organisation, platform="tiktok", handle="kestrel.trails", owner=owner, backup_owner=backup
    )

    sign_in(page, live_server, "admin@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Social accounts").click()
    expect(page.get_by_text("Owner has left")).to_have_count(0)

    # Olive leaves: the next full roster no longer lists her, and the full sync deactivates her.
    roster = tmp_path / "workforce.csv"
    roster.write_text(
        ROSTER_HEADER + f"E2,Ben Backup,{backup.email},Marketing,Producer,practitioner\n", encoding="utf-8"
    )
    page.goto(f"{live_server.url}/o/kestrel/people/import/")
    page.get_by_label("Roster file").set_input_files(str(roster))
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_label("Full sync: deactivate active people who are not in this file").check()
    page.get_by_role("button", name="Check the file (dry run)").click()
    # One of two active people is more than the share a full sync may deactivate unconfirmed.
    page.get_by_label("Yes, deactivate 1 of 2 active people").check()
    page.get_by_role("button", name="Import for real").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    assert not Person.objects.get(pk=owner.pk).is_active

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Social accounts").click()
    summary = page.locator(".registry-summary")
    expect(summary).to_contain_text("Owner has left: Olive Owner is no longer active. Name a new owner.")
    expect(summary).to_contain_text("Who should act: Ben Backup")
    row = page.get_by_role("row").filter(has_text="kestrel.trails")
    expect(row.get_by_text("Left", exact=True)).to_be_visible()


def test_everyone_sees_who_does_what_and_an_admin_fixes_a_mistake(
    page: Page, live_server: LiveServer, browser: Browser
) -> None:
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    member(organisation, Role.CHAMPION, email="champ@kestrel.example")
    raci_install_default(organisation=organisation)

    sign_in(page, live_server, "champ@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Who does what").click()
    expect(page.get_by_role("heading", name="Who does what", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Your part")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Champion (you)")).to_be_visible()
    expect(page.get_by_role("link", name="Edit who does what")).to_have_count(0)
    sign_out(page)

    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/raci/edit/")
    page.get_by_label("Paid social: Legal").select_option("A")
    page.get_by_role("button", name="Save who does what").click()
    alert = page.locator("#raci-error-summary")
    expect(alert).to_contain_text("“Paid social” needs exactly one Accountable (A), not 2")
    expect(page.get_by_label("Paid social: Legal")).to_have_value("A")  # what was chosen is kept
    page.get_by_label("Paid social: Legal").select_option("C")
    page.get_by_role("button", name="Save who does what").click()
    expect(page.get_by_text("Saved: 0 changes.")).to_be_visible()

    # On a phone the matrix becomes one card per activity.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=page.context.storage_state())
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/o/kestrel/raci/")
    expect(mobile.locator(".raci-wide")).to_be_hidden()
    card = mobile.locator(".raci-cards li").filter(has_text="Crisis escalation")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Accountable")
    phone.close()
