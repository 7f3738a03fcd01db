"""Coverage counts, exports and reminders for a policy's current version."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.governance.models import Policy, PolicyVersion
from socialu.governance.policies.selectors import coverage, coverage_rows
from socialu.governance.policies.services import policy_acknowledge
from socialu.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def workforce(organisation: Organisation, policy: Policy) -> dict[str, Person]:
    """Two divisions (one with a team below it), people in each audience, some acknowledged."""
    retail = UnitFactory.create(organisation=organisation, name="Retail")
    stores = UnitFactory.create(organisation=organisation, name="Stores", parent=retail)
    marketing = UnitFactory.create(organisation=organisation, name="Marketing")
    people = {
        "ann": PersonFactory.create(organisation=organisation, unit=stores, audience=Audience.PRACTITIONER),
        "bob": PersonFactory.create(organisation=organisation, unit=retail, audience=Audience.OBSERVER),
        "cat": PersonFactory.create(organisation=organisation, unit=marketing, audience=Audience.PRACTITIONER),
        "dan": PersonFactory.create(organisation=organisation, unit=None, audience=Audience.LEADERSHIP, email=""),
        "gone": PersonFactory.create(organisation=organisation, unit=marketing, is_active=False),
    }
    version = PolicyVersion.objects.get(policy=policy)
    for name in ("ann", "cat", "gone"):
        policy_acknowledge(person=people[name], version=version)
    # Someone in another organisation never counts.
    PersonFactory.create(organisation=OrganisationFactory.create(slug="other"))
    return people


def test_coverage_counts_active_people_overall_by_division_and_by_audience(
    policy: Policy, workforce: dict[str, Person]
) -> None:
    result = coverage(organisation=policy.organisation, policy=policy)

    assert (result.total.people, result.total.acknowledged, result.total.pending) == (4, 2, 2)
    by_unit = {row.label: (row.people, row.acknowledged) for row in result.by_unit}
    assert by_unit == {"Retail": (2, 1), "Marketing": (1, 1), "No unit": (1, 0)}
    by_audience = {row.label: (row.people, row.acknowledged) for row in result.by_audience}
    assert by_audience == {"Practitioner": (2, 2), "Observer": (1, 0), "Leadership": (1, 0)}


def test_pending_people_become_overdue_fourteen_days_after_the_version_takes_effect(
    policy: Policy, workforce: dict[str, Person]
) -> None:
    PolicyVersion.objects.filter(policy=policy).update(effective_on=timezone.localdate() - timedelta(days=10))
    assert coverage(organisation=policy.organisation, policy=policy).total.overdue == 0

    PolicyVersion.objects.filter(policy=policy).update(effective_on=timezone.localdate() - timedelta(days=15))
    result = coverage(organisation=policy.organisation, policy=policy)
    assert result.total.overdue == 2
    assert {row.label: row.overdue for row in result.by_unit} == {"Retail": 1, "Marketing": 0, "No unit": 1}


def test_a_major_version_resets_coverage_and_a_minor_one_does_not(policy: Policy, workforce: dict[str, Person]) -> None:
    publish(policy, requires_reacknowledgement=False)
    assert coverage(organisation=policy.organisation, policy=policy).total.acknowledged == 2
    publish(policy, requires_reacknowledgement=True)
    assert coverage(organisation=policy.organisation, policy=policy).total.acknowledged == 0


def test_coverage_takes_the_same_number_of_queries_however_many_people(
    organisation: Organisation, policy: Policy, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    units = [UnitFactory.create(organisation=organisation) for _ in range(3)]
    version = PolicyVersion.objects.get(policy=policy)
    for number in range(60):
        person = PersonFactory.create(organisation=organisation, unit=units[number % 3])
        if number % 2:
            policy_acknowledge(person=person, version=version)

    with django_assert_max_num_queries(4):
        result = coverage(organisation=organisation, policy=policy)

    assert (result.total.people, result.total.acknowledged) == (60, 30)


def test_a_policy_for_one_audience_counts_only_that_audience(organisation: Organisation) -> None:
    from socialu.governance.policies.services import policy_create

    leaders = policy_create(organisation=organisation, title="Leaders", audiences=[Audience.LEADERSHIP])
    publish(leaders)
    PersonFactory.create(organisation=organisation, audience=Audience.LEADERSHIP)
    PersonFactory.create(organisation=organisation, audience=Audience.OBSERVER)

    result = coverage(organisation=organisation, policy=leaders)

    assert result.total.people == 1
    assert [row.label for row in result.by_audience] == ["Leadership"]


def test_the_coverage_page_shows_totals_progress_and_tables(
    admin_client: Client, policy: Policy, workforce: dict[str, Person]
) -> None:
    page = admin_client.get(f"/o/acme/policies/{policy.slug}/coverage/").content.decode()
    assert '<progress id="coverage-progress" max="4" value="2">' in page
    assert "By division" in page and "Retail" in page and "By audience" in page
    assert "Send reminders" in page


def _export_person(organisation: Organisation, policy: Policy) -> None:
    PersonFactory.create(organisation=organisation, name='=HYPERLINK("x")', employee_id="E-HACK")


def test_the_csv_export_lists_everyone_with_status_and_neutralises_formulas(
    admin_client: Client, organisation: Organisation, policy: Policy, workforce: dict[str, Person]
) -> None:
    _export_person(organisation, policy)
    response = admin_client.get(f"/o/acme/policies/{policy.slug}/coverage.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))

    assert len(rows) == 5
    hack = next(row for row in rows if row["Employee ID"] == "E-HACK")
    assert hack["Name"] == '\'=HYPERLINK("x")'
    assert hack["Status"] == "Overdue"  # version 1 took effect on 5 January 2026
    ann = next(row for row in rows if row["Employee ID"] == workforce["ann"].employee_id)
    assert ann["Status"] == "Acknowledged" and ann["Acknowledged at"]
    assert ann["Unit"] == "Retail › Stores"


def test_the_xlsx_export_opens_and_keeps_formulas_as_text(
    admin_client: Client, organisation: Organisation, policy: Policy, workforce: dict[str, Person]
) -> None:
    _export_person(organisation, policy)
    response = admin_client.get(f"/o/acme/policies/{policy.slug}/coverage.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    rows = list(workbook.active.iter_rows(values_only=True))

    assert rows[0][:2] == ("Employee ID", "Name")
    assert ("E-HACK", '\'=HYPERLINK("x")') in {(row[0], row[1]) for row in rows}


def test_coverage_rows_are_empty_before_anything_is_published(organisation: Organisation) -> None:
    from socialu.governance.policies.services import policy_create

    draft = policy_create(organisation=organisation, title="Draft")
    assert list(coverage_rows(organisation=organisation, policy=draft)) == []


def test_reminders_go_only_to_pending_people_with_an_email(
    admin_client: Client, policy: Policy, workforce: dict[str, Person]
) -> None:
    response = admin_client.post(f"/o/acme/policies/{policy.slug}/remind/", follow=True)

    assert [message.to for message in mail.outbox] == [[workforce["bob"].email]]
    assert f"{settings.SITE_URL}/o/acme/policies/{policy.slug}/" in mail.outbox[0].body
    assert "Sent 1 reminder by email." in response.content.decode()


def test_an_executive_viewer_sees_coverage_but_cannot_send_reminders(
    organisation: Organisation, policy: Policy
) -> None:
    from socialu.core.roles import Role
    from tests.factories import member

    client = Client()
    client.force_login(member(organisation, Role.EXECUTIVE_VIEWER))
    assert "Send reminders" not in client.get(f"/o/acme/policies/{policy.slug}/coverage/").content.decode()
    assert client.post(f"/o/acme/policies/{policy.slug}/remind/").status_code == 403
