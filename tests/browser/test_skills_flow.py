"""Skills and champions in a real Chromium: find someone for "LinkedIn video" and see their evidence;
nominate a champion and have an admin approve. Each page is audited with axe-core at 1366 and 320 px."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from socialu.core.roles import Role
from socialu.skills import services
from socialu.skills.models import ChampionTerm
from tests.browser.accessibility import audit
from tests.browser.test_people_flow import sign_in
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory, member
from tests.practice.helpers import install, learner_person, reviewed, submitted
from tests.skills.helpers import completed, course, quiz_passed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def assert_accessible(page: Page) -> None:
    problems = audit(page)
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_find_someone_for_linkedin_video_and_see_their_evidence(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    services.taxonomy_load_shipped(organisation=organisation)
    scenario = next(s for s in install(organisation, "flood-boots-post-linkedin", "award-share-linkedin"))
    mentor, _ = learner_person(organisation, "mentor@kestrel.example", Role.MENTOR)
    _, vera = learner_person(organisation, "vera@kestrel.example")
    completed(vera, course(organisation, "short-video", "engagement-craft"))
    quiz_passed(vera, course(organisation, "video-for-social", "engagement-craft"), score=96)
    reviewed(submitted(organisation, vera, scenario, text=scenario.model_answer), mentor)
    someone_else = PersonFactory.create(organisation=organisation, name="Vic Videoless")
    services.self_rating_set(organisation=organisation, person=someone_else, skill_slug="video", level=5)
    member(organisation, email="asker@kestrel.example")

    sign_in(page, live_server, "asker@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find someone who can help").click()
    page.get_by_label("What do you need help with?").fill("LinkedIn video")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Video on LinkedIn")).to_be_visible()
    card = page.locator(".expert-list > li").filter(has_text="Vera")
    expect(card).to_have_count(1)
    expect(card.get_by_text("Passed the quiz of “Video For Social” with 96%")).to_be_visible()
    expect(card.get_by_text("Practice review passed")).to_be_visible()
    expect(page.get_by_text("Vic Videoless")).to_have_count(0)  # a claim alone never lists anyone
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/kestrel/skills/mine/")
    assert_accessible(page)


def test_nominate_a_champion_and_an_admin_approves(axe_page: Page, live_server: LiveServer) -> None:
    page = axe_page
    organisation = OrganisationFactory.create(slug="kestrel", name="Kestrel Outdoor Co.")
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    legal = UnitFactory.create(organisation=organisation, name="Legal")
    PersonFactory.create(organisation=organisation, unit=legal, name="Lou Lawyer")
    manager_user = member(organisation, email="manager@kestrel.example")
    manager = PersonFactory.create(
        organisation=organisation, user=manager_user, email="manager@kestrel.example", name="Maya Manager", unit=sales
    )
    PersonFactory.create(
        organisation=organisation,
        manager=manager,
        unit=sales,
        name="Remy Report",
        employee_id="E100",
        email="remy@kestrel.example",
    )
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@kestrel.example")
    services.taxonomy_load_shipped(organisation=organisation)

    sign_in(page, live_server, "manager@kestrel.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Champions").click()
    page.get_by_role("link", name="Nominate a champion").click()
    assert_accessible(page)
    page.get_by_label("Who").fill("remy@kestrel.example")
    page.get_by_label("Why").fill("Remy runs the Friday social clinic for the whole sales floor.")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text("Remy Report is nominated")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "admin@kestrel.example")
    page.goto(f"{live_server.url}/o/kestrel/champions/")
    expect(page.get_by_text("Friday social clinic")).to_be_visible()
    page.get_by_role("button", name="Approve Remy Report").click()
    expect(page.get_by_text("Remy Report is a champion until")).to_be_visible()
    expect(page.get_by_role("row", name="Remy Report Champion Sales")).to_be_visible()
    expect(page.locator(".message.warn")).to_contain_text("Legal")  # the division still without a champion
    assert ChampionTerm.objects.filter(organisation=organisation, person__name="Remy Report").exists()
    assert_accessible(page)
    page.get_by_role("link", name="Champions' space").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/kestrel/skills/taxonomy/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/kestrel/skills/taxonomy/video/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/kestrel/champions/units/{sales.pk}/")
    expect(page.get_by_role("heading", name="Champions in Sales")).to_be_visible()
    assert_accessible(page)
