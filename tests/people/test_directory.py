"""The people directory: search, filters, pagination and the htmx partial."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import PersonFactory, UnitFactory, member

pytestmark = pytest.mark.django_db


def directory_url(organisation: Organisation) -> str:
    return reverse("people_directory", args=[organisation.slug])


def names_in(response: object) -> list[str]:
    page = response.context["page"]  # type: ignore[attr-defined]
    return [person.name for person in page.people]


def test_directory_lists_active_people_sorted_by_name(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Zara Quinn")
    PersonFactory.create(organisation=organisation, name="Abel Morris")
    PersonFactory.create(organisation=organisation, name="Left Already", is_active=False)

    response = admin_client.get(directory_url(organisation))

    assert response.status_code == 200
    assert names_in(response) == ["Abel Morris", "Zara Quinn"]
    assert b"Showing <strong>1\xe2\x80\x932</strong> of <strong>2</strong>" in response.content


def test_directory_never_shows_another_organisations_people(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    PersonFactory.create(organisation=organisation, name="Ours")
    PersonFactory.create(organisation=other_organisation, name="Theirs")

    response = admin_client.get(directory_url(organisation), {"active": "all"})

    assert names_in(response) == ["Ours"]


def test_search_matches_part_of_a_name_or_the_start_of_an_email_or_employee_id(
    admin_client: Client, organisation: Organisation
) -> None:
    PersonFactory.create(
        organisation=organisation, name="Grace Hopper", email="ghopper@acme.example", employee_id="A100"
    )
    PersonFactory.create(organisation=organisation, name="Alan Turing", email="alan@acme.example", employee_id="B200")
    PersonFactory.create(organisation=organisation, name="Ada Lovelace", email="ada@acme.example", employee_id="C300")

    assert names_in(admin_client.get(directory_url(organisation), {"q": "hopp"})) == ["Grace Hopper"]
    assert names_in(admin_client.get(directory_url(organisation), {"q": "alan@"})) == ["Alan Turing"]
    assert names_in(admin_client.get(directory_url(organisation), {"q": "c30"})) == ["Ada Lovelace"]
    assert names_in(admin_client.get(directory_url(organisation), {"q": "nobody-like-this"})) == []


def test_unit_filter_includes_the_whole_subtree_but_not_similar_names(
    admin_client: Client, organisation: Organisation
) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    europe = UnitFactory.create(organisation=organisation, name="Europe", parent=sales)
    field_team = UnitFactory.create(organisation=organisation, name="Field", parent=europe)
    sales_ops = UnitFactory.create(organisation=organisation, name="Sales Ops")
    PersonFactory.create(organisation=organisation, name="A Top", unit=sales)
    PersonFactory.create(organisation=organisation, name="B Middle", unit=europe)
    PersonFactory.create(organisation=organisation, name="C Bottom", unit=field_team)
    PersonFactory.create(organisation=organisation, name="D Elsewhere", unit=sales_ops)

    assert names_in(admin_client.get(directory_url(organisation), {"unit": sales.pk})) == [
        "A Top",
        "B Middle",
        "C Bottom",
    ]
    assert names_in(admin_client.get(directory_url(organisation), {"unit": europe.pk})) == ["B Middle", "C Bottom"]


def test_another_organisations_unit_id_is_ignored(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = UnitFactory.create(organisation=other_organisation, name="Theirs")
    PersonFactory.create(organisation=organisation, name="Ours")

    response = admin_client.get(directory_url(organisation), {"unit": theirs.pk})

    assert response.status_code == 200
    assert names_in(response) == ["Ours"]


def test_audience_location_and_status_filters(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(
        organisation=organisation, name="Leader London", audience=Audience.LEADERSHIP, location="London"
    )
    PersonFactory.create(organisation=organisation, name="Leader Paris", audience=Audience.LEADERSHIP, location="Paris")
    PersonFactory.create(organisation=organisation, name="Observer Paris", audience=Audience.OBSERVER, location="Paris")
    PersonFactory.create(organisation=organisation, name="Gone Paris", location="Paris", is_active=False)

    url = directory_url(organisation)
    assert names_in(admin_client.get(url, {"audience": "leadership"})) == ["Leader London", "Leader Paris"]
    assert names_in(admin_client.get(url, {"location": "Paris"})) == ["Leader Paris", "Observer Paris"]
    assert names_in(admin_client.get(url, {"location": "Paris", "active": "inactive"})) == ["Gone Paris"]
    assert names_in(admin_client.get(url, {"location": "Paris", "active": "all"})) == [
        "Gone Paris",
        "Leader Paris",
        "Observer Paris",
    ]


def test_location_filter_offers_each_distinct_location_once(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, location="Paris")
    PersonFactory.create(organisation=organisation, location="Paris")
    PersonFactory.create(organisation=organisation, location="Berlin")

    response = admin_client.get(directory_url(organisation))

    choices = [value for value, _ in response.context["form"].fields["location"].choices]
    assert choices == ["", "Berlin", "Paris"]


def test_pagination_shows_fifty_a_page_and_where_the_page_sits(
    admin_client: Client, organisation: Organisation
) -> None:
    for number in range(120):
        PersonFactory.create(organisation=organisation, name=f"Person {number:03d}")

    second = admin_client.get(directory_url(organisation), {"page": 2})
    beyond = admin_client.get(directory_url(organisation), {"page": 99})
    nonsense = admin_client.get(directory_url(organisation), {"page": "abc"})

    assert names_in(second)[0] == "Person 050"
    assert len(names_in(second)) == 50
    assert "Showing <strong>51\N{EN DASH}100</strong> of <strong>120</strong>" in second.content.decode()
    assert names_in(beyond) == [f"Person {number:03d}" for number in range(100, 120)]
    assert names_in(nonsense)[0] == "Person 000"


def test_page_links_keep_the_filters(admin_client: Client, organisation: Organisation) -> None:
    for number in range(60):
        PersonFactory.create(organisation=organisation, name=f"Paris {number:03d}", location="Paris")

    response = admin_client.get(directory_url(organisation), {"location": "Paris", "q": "Paris"})

    links = re.findall(r'href="\?([^"]*page=2)"', response.content.decode())
    assert links
    assert parse_qs(html.unescape(links[0])) == {"q": ["Paris"], "location": ["Paris"], "page": ["2"]}


def test_directory_runs_a_fixed_number_of_queries(
    admin_client: Client, organisation: Organisation, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    unit = UnitFactory.create(organisation=organisation, name="Ops")
    boss = PersonFactory.create(organisation=organisation, name="Boss", unit=unit)
    for number in range(60):
        PersonFactory.create(organisation=organisation, name=f"Worker {number}", unit=unit, manager=boss)

    # 13: the page finds its 50 ids from the index first, then loads those rows with unit and manager.
    with django_assert_max_num_queries(13):
        response = admin_client.get(directory_url(organisation), {"unit": unit.pk})

    assert response.status_code == 200


def test_htmx_request_gets_only_the_results(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Grace Hopper")

    response = admin_client.get(directory_url(organisation), {"q": "grace"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Grace Hopper" in body
    assert "<html" not in body
    assert 'role="search"' not in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == f"{directory_url(organisation)}?q=grace"


def test_htmx_history_restore_gets_the_whole_page(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Grace Hopper")

    response = admin_client.get(
        directory_url(organisation), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_empty_organisation_invites_an_admin_to_import(admin_client: Client, organisation: Organisation) -> None:
    response = admin_client.get(directory_url(organisation))

    body = response.content.decode()
    assert "No people here yet" in body
    assert reverse("roster_import", args=[organisation.slug]) in body


def test_filters_that_match_no_one_offer_to_clear_them(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Grace Hopper")

    response = admin_client.get(directory_url(organisation), {"q": "zzz"})

    body = response.content.decode()
    assert "No one matches" in body
    assert "Clear filters" in body


def test_export_buttons_only_for_people_who_may_export(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation)
    facilitator = Client()
    facilitator.force_login(member(organisation, Role.FACILITATOR))
    admin = Client()
    admin.force_login(member(organisation, Role.PROGRAMME_ADMIN))
    export_url = reverse("people_export_csv", args=[organisation.slug])

    assert export_url not in facilitator.get(directory_url(organisation)).content.decode()
    assert export_url in admin.get(directory_url(organisation)).content.decode()


def test_a_learner_may_not_open_the_directory(organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(organisation, Role.LEARNER))

    assert client.get(directory_url(organisation)).status_code == 403


def test_someone_outside_the_organisation_gets_not_found(other_organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(other_organisation, Role.PROGRAMME_ADMIN))

    assert client.get(reverse("people_directory", args=["acme"])).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(organisation: Organisation) -> None:
    response = Client().get(directory_url(organisation))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
