"""The dashboard page, its API operation and the ``socialu dashboard`` command."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from socialu.accounts.services import api_token_create
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.dashboard.conftest import Programme
from tests.factories import member

pytestmark = pytest.mark.django_db


def _client_for(organisation: Organisation, role: Role) -> Client:
    client = Client()
    client.force_login(member(organisation, role))
    return client


@pytest.mark.parametrize("role", [Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.EXECUTIVE_VIEWER])
def test_programme_staff_and_executives_see_the_dashboard(programme: Programme, role: Role) -> None:
    response = _client_for(programme.organisation, role).get("/o/acme/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme dashboard" in html
    assert "Ambassador" in html and "40.0%" in html
    assert "Courses completed per week" in html and "<svg" in html
    assert "Going deeper" in html  # the slowest course
    assert 'aria-current="page"' in html


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MENTOR, Role.CHAMPION])
def test_other_roles_may_not_open_the_dashboard(programme: Programme, role: Role) -> None:
    assert _client_for(programme.organisation, role).get("/o/acme/dashboard/").status_code == 403


def test_the_sidebar_links_to_the_dashboard_only_for_those_who_may_open_it(programme: Programme) -> None:
    staff = _client_for(programme.organisation, Role.EXECUTIVE_VIEWER).get("/o/acme/").content.decode()
    learner = _client_for(programme.organisation, Role.LEARNER).get("/o/acme/").content.decode()

    assert "/o/acme/dashboard/" in staff
    assert "/o/acme/dashboard/" not in learner


def test_charts_have_a_title_a_description_and_a_table_with_the_same_numbers(programme: Programme) -> None:
    html = _client_for(programme.organisation, Role.PROGRAMME_ADMIN).get("/o/acme/dashboard/").content.decode()

    assert html.count('role="img"') == 4
    assert html.count("<title id=") == 4 and html.count("<desc id=") == 4
    assert "North: Ambassador 50.0%, Practitioner 50.0%" in html
    assert re.search(r'<th scope="row">North</th>\s*<td class="num">2</td>', html)


def test_an_htmx_request_gets_only_the_results(programme: Programme) -> None:
    client = _client_for(programme.organisation, Role.PROGRAMME_ADMIN)

    response = client.get(f"/o/acme/dashboard/?unit={programme.south.pk}", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "Showing part of the workforce only" in html
    assert re.search(r'<th scope="row">South</th>', html) and not re.search(r'<th scope="row">North</th>', html)


def test_filters_stay_selected_on_the_page(programme: Programme) -> None:
    html = (
        _client_for(programme.organisation, Role.PROGRAMME_ADMIN)
        .get("/o/acme/dashboard/?audience=practitioner&location=London")
        .content.decode()
    )

    assert re.search(r'<option value="practitioner" selected>', html)
    assert re.search(r'<option value="London" selected>', html)


def test_filters_that_match_no_one_say_so(programme: Programme) -> None:
    html = (
        _client_for(programme.organisation, Role.PROGRAMME_ADMIN)
        .get("/o/acme/dashboard/?audience=infrastructure")
        .content.decode()
    )

    assert "No active people match" in html


def test_an_empty_organisation_is_told_how_to_start(organisation: Organisation, admin_client: Client) -> None:
    html = admin_client.get("/o/acme/dashboard/").content.decode()

    assert "Nothing to show yet" in html
    assert "/o/acme/people/import/" in html or "Import a roster" in html


def test_the_page_says_when_the_first_count_is_still_running(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialu.dashboard import services

    monkeypatch.setattr(services, "SYNC_REFRESH_PEOPLE", 3)
    monkeypatch.setattr(services, "_queue_refresh", lambda organisation_id: None)

    html = _client_for(programme.organisation, Role.PROGRAMME_ADMIN).get("/o/acme/dashboard/").content.decode()

    assert "Counting the figures for the first time" in html
    assert 'hx-trigger="load delay:20s"' in html
    assert "Nothing to show yet" not in html


def test_another_organisations_member_gets_404(programme: Programme, other_organisation: Organisation) -> None:
    assert _client_for(other_organisation, Role.PROGRAMME_ADMIN).get("/o/acme/dashboard/").status_code == 404


# --- API -----------------------------------------------------------------------------------------


def _api_headers(organisation: Organisation, role: Role) -> dict[str, str]:
    _, secret = api_token_create(user=member(organisation, role), name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_returns_the_same_figures(programme: Programme) -> None:
    headers = _api_headers(programme.organisation, Role.EXECUTIVE_VIEWER)

    response = Client().get("/api/v1/orgs/acme/dashboard", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["headcount"] == 5 and body["target_percent"] == 10
    assert [(tier["name"], tier["holders"], tier["percent"]) for tier in body["tiers"]] == [
        ("Ambassador", 2, 40.0),
        ("Practitioner", 1, 20.0),
    ]
    north = next(row for row in body["by_division"] if row["label"] == "North")
    assert north["headcount"] == 2 and north["tiers"][0] == {"tier": "Ambassador", "holders": 1, "percent": 50.0}
    assert len(body["completions_per_week"]) == 16
    assert body["slowest_courses"][0]["slug"] == "deep"


def test_the_api_takes_the_same_filters(programme: Programme) -> None:
    headers = _api_headers(programme.organisation, Role.PROGRAMME_ADMIN)

    body = Client().get(f"/api/v1/orgs/acme/dashboard?unit={programme.north.pk}", headers=headers).json()

    assert body["headcount"] == 2 and body["filters"]["unit"] == programme.north.pk


def test_the_api_refuses_a_learner(programme: Programme) -> None:
    headers = _api_headers(programme.organisation, Role.LEARNER)

    assert Client().get("/api/v1/orgs/acme/dashboard", headers=headers).status_code == 403


# --- CLI -----------------------------------------------------------------------------------------


def test_the_command_prints_the_figures(programme: Programme) -> None:
    out = StringIO()

    call_command("dashboard", "--org", "acme", stdout=out)

    text = out.getvalue()
    assert "Active people: 5." in text
    assert "Ambassador: 2 people, 40.0%" in text
    assert "Going deeper: 30.0 days" in text


def test_the_command_prints_json_after_a_recount(programme: Programme) -> None:
    out = StringIO()

    call_command("dashboard", "--org", "acme", "--json", "--refresh", "--audience", "practitioner", stdout=out)

    body = json.loads(out.getvalue())
    assert body["headcount"] == 2 and body["filters"]["audience"] == "practitioner"


def test_the_command_names_an_unknown_organisation(db: None) -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nowhere'"):
        call_command("dashboard", "--org", "nowhere")
