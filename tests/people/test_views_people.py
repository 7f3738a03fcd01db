"""A person's page, the unit tree and the people export."""

from __future__ import annotations

import sys
import types
from typing import IO, Any

import pytest
from django.test import Client
from django.urls import reverse

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import UNIT_PATH_SEPARATOR
from tests.factories import PersonFactory, UnitFactory, member

pytestmark = pytest.mark.django_db


def test_person_page_shows_unit_path_manager_and_direct_reports(
    admin_client: Client, organisation: Organisation
) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    europe = UnitFactory.create(organisation=organisation, name="Europe", parent=sales)
    boss = PersonFactory.create(organisation=organisation, name="Bea Boss")
    person = PersonFactory.create(
        organisation=organisation, name="Carl Clerk", unit=europe, manager=boss, job_title="Account manager"
    )
    PersonFactory.create(organisation=organisation, name="Dora Direct", manager=person)

    response = admin_client.get(reverse("person_detail", args=[organisation.slug, person.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Sales{UNIT_PATH_SEPARATOR}Europe" in body
    assert reverse("person_detail", args=[organisation.slug, boss.pk]) in body
    assert "Dora Direct" in body
    assert "Account manager" in body


def test_person_page_lists_the_first_fifty_reports_and_counts_them_all(
    admin_client: Client, organisation: Organisation
) -> None:
    boss = PersonFactory.create(organisation=organisation, name="Bea Boss")
    for number in range(53):
        PersonFactory.create(organisation=organisation, name=f"Report {number:02d}", manager=boss)

    response = admin_client.get(reverse("person_detail", args=[organisation.slug, boss.pk]))

    assert len(response.context["detail"].direct_reports) == 50
    assert "Showing the first 50 of 53 direct reports" in response.content.decode()


def test_another_organisations_person_is_not_found(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = PersonFactory.create(organisation=other_organisation)

    response = admin_client.get(reverse("person_detail", args=[organisation.slug, theirs.pk]))

    assert response.status_code == 404


def test_a_learner_may_not_open_a_person(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation)
    client = Client()
    client.force_login(member(organisation, Role.LEARNER))

    assert client.get(reverse("person_detail", args=[organisation.slug, person.pk])).status_code == 403


def test_unit_tree_nests_units_and_counts_active_people_in_each_subtree(
    admin_client: Client, organisation: Organisation
) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    europe = UnitFactory.create(organisation=organisation, name="Europe", parent=sales)
    PersonFactory.create(organisation=organisation, unit=sales)
    PersonFactory.create(organisation=organisation, unit=europe)
    PersonFactory.create(organisation=organisation, unit=europe)
    PersonFactory.create(organisation=organisation, unit=europe, is_active=False)

    response = admin_client.get(reverse("unit_tree", args=[organisation.slug]))

    roots = response.context["roots"]
    assert [(node.unit.name, node.total_count, node.own_count) for node in roots] == [("Sales", 3, 1)]
    assert [(node.unit.name, node.total_count) for node in roots[0].children] == [("Europe", 2)]
    body = response.content.decode()
    assert "<details" in body
    assert f"?unit={europe.pk}" in body


def test_unit_tree_without_units_explains_where_they_come_from(
    admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.get(reverse("unit_tree", args=[organisation.slug]))

    assert "No units yet" in response.content.decode()


def _fake_exports(monkeypatch: pytest.MonkeyPatch, calls: list[dict[str, Any]]) -> None:
    module = types.ModuleType("socialu.people.exports")

    def people_export(
        *, organisation: Organisation, format: str, output: IO[bytes], active: bool | None, audience: str | None
    ) -> None:
        calls.append({"organisation": organisation, "format": format, "active": active, "audience": audience})
        output.write(b"employee_id,name\r\nE1,Ada\r\n")

    module.people_export = people_export  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "socialu.people.exports", module)


@pytest.mark.parametrize(
    ("url_name", "content_type", "extension"),
    [
        ("people_export_csv", "text/csv; charset=utf-8", "csv"),
        ("people_export_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ],
)
def test_export_downloads_a_named_file(
    admin_client: Client,
    organisation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    *,
    url_name: str,
    content_type: str,
    extension: str,
) -> None:
    calls: list[dict[str, Any]] = []
    _fake_exports(monkeypatch, calls)

    response = admin_client.get(reverse(url_name, args=[organisation.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "acme-people-" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert b"".join(response.streaming_content) == b"employee_id,name\r\nE1,Ada\r\n"  # type: ignore[attr-defined]
    assert calls == [{"organisation": organisation, "format": extension, "active": None, "audience": None}]


def test_export_passes_on_status_and_audience(
    admin_client: Client, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    _fake_exports(monkeypatch, calls)

    url = reverse("people_export_csv", args=[organisation.slug])
    admin_client.get(url, {"active": "inactive", "audience": "leadership"})
    admin_client.get(url, {"active": "nonsense", "audience": "nonsense"})

    assert [(call["active"], call["audience"]) for call in calls] == [(False, "leadership"), (None, None)]


def test_real_csv_export_lists_the_organisations_people(admin_client: Client, organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, name="Ada Lovelace", employee_id="A1")

    response = admin_client.get(reverse("people_export_csv", args=[organisation.slug]))

    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Ada Lovelace" in body
    assert "A1" in body


def test_only_people_who_may_export_can_download(organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(organisation, Role.FACILITATOR))

    assert client.get(reverse("people_export_csv", args=[organisation.slug])).status_code == 403
