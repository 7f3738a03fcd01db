"""Leavers lose access: deactivation by the API, the browser or a roster import ends roles, sessions and tokens."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.people.roster import ImportChoices, roster_import
from tests.factories import PersonFactory, member

HEADERS = ["Employee ID", "Name", "Email", "Employment Status"]


def _roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


class Leaver:
    """A mentor with a person record, a browser session and an API token."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.user = member(organisation, Role.MENTOR, email="mo@acme.example")
        self.person = PersonFactory.create(
            organisation=organisation, user=self.user, employee_id="E9", name="Mo Mentor", email="mo@acme.example"
        )
        self.browser = Client()
        self.browser.force_login(self.user)
        _, self.token = account_services.api_token_create(user=self.user, name="sync")

    def roles(self) -> set[str]:
        return set(
            RoleAssignment.objects.filter(organisation=self.organisation, user=self.user).values_list("role", flat=True)
        )

    def session_works(self) -> bool:
        return self.browser.get(f"/o/{self.organisation.slug}/").status_code == 200

    def token_works(self, organisation: Organisation | None = None) -> bool:
        slug = (organisation or self.organisation).slug
        response = Client().get(
            f"/api/v1/orgs/{slug}/practice/scenarios", headers={"Authorization": f"Bearer {self.token}"}
        )
        return response.status_code == 200

    def assert_locked_out(self) -> None:
        assert self.roles() == set()
        assert not self.session_works()
        assert not self.token_works()


@pytest.fixture
def leaver(organisation: Organisation, admin_user: User) -> Leaver:
    person = Leaver(organisation)
    assert person.session_works()
    assert person.token_works()
    return person


def test_deactivating_through_the_api_ends_roles_sessions_and_tokens(leaver: Leaver, admin_client: Client) -> None:
    response = admin_client.patch(
        f"/api/v1/orgs/acme/people/{leaver.person.pk}", {"is_active": False}, content_type="application/json"
    )

    assert response.status_code == 200
    leaver.assert_locked_out()


def test_deactivating_in_the_browser_ends_roles_sessions_and_tokens(leaver: Leaver, admin_client: Client) -> None:
    response = admin_client.post(f"/o/acme/people/{leaver.person.pk}/active/", {"active": "false"})

    assert response.status_code == 302
    leaver.person.refresh_from_db()
    assert not leaver.person.is_active
    leaver.assert_locked_out()


def test_a_full_sync_import_ends_the_access_of_people_missing_from_the_file(
    leaver: Leaver, organisation: Organisation, tmp_path: Path
) -> None:
    result = roster_import(
        organisation=organisation,
        path=_roster(tmp_path / "r.csv", [["E1", "Stay Here", "stay@acme.example", "Active"]]),
        full_sync=True,
        # One of two active people is more than the 10 % allowed without confirmation.
        choices=ImportChoices(confirm_deactivations=True),
    )

    assert result.deactivated == 1
    leaver.assert_locked_out()


def test_an_import_row_that_says_someone_left_ends_their_access(
    leaver: Leaver, organisation: Organisation, tmp_path: Path
) -> None:
    roster_import(
        organisation=organisation,
        path=_roster(tmp_path / "r.csv", [["E9", "Mo Mentor", "mo@acme.example", "Terminated"]]),
    )

    leaver.assert_locked_out()


def test_a_dry_run_changes_nobodys_access(leaver: Leaver, organisation: Organisation, tmp_path: Path) -> None:
    roster_import(
        organisation=organisation,
        path=_roster(tmp_path / "r.csv", [["E1", "Stay Here", "stay@acme.example", "Active"]]),
        full_sync=True,
        dry_run=True,
    )

    assert leaver.roles() == {Role.MENTOR, Role.LEARNER}
    assert leaver.session_works()
    assert leaver.token_works()


def test_reactivation_does_not_give_roles_back(leaver: Leaver, admin_client: Client) -> None:
    RoleAssignment.objects.create(organisation=leaver.organisation, user=leaver.user, role=Role.PROGRAMME_ADMIN)
    admin_client.post(f"/o/acme/people/{leaver.person.pk}/active/", {"active": "false"})

    admin_client.post(f"/o/acme/people/{leaver.person.pk}/active/", {"active": "true"})

    leaver.person.refresh_from_db()
    assert leaver.person.is_active
    assert leaver.roles() == set()


def test_someone_in_another_organisation_keeps_their_access_there(
    leaver: Leaver, other_organisation: Organisation, admin_client: Client
) -> None:
    RoleAssignment.objects.create(organisation=other_organisation, user=leaver.user, role=Role.LEARNER)

    admin_client.patch(
        f"/api/v1/orgs/acme/people/{leaver.person.pk}", {"is_active": False}, content_type="application/json"
    )

    assert leaver.roles() == set()
    assert not leaver.token_works()
    assert leaver.token_works(other_organisation)
    assert leaver.browser.get(f"/o/{other_organisation.slug}/").status_code == 200
    assert leaver.browser.get("/o/acme/").status_code == 404


def test_the_only_programme_admin_cannot_be_deactivated(organisation: Organisation, admin_user: User) -> None:
    person = PersonFactory.create(organisation=organisation, user=admin_user, email=admin_user.email)
    client = Client()
    client.force_login(admin_user)

    response = client.patch(
        f"/api/v1/orgs/acme/people/{person.pk}", {"is_active": False}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "only programme admin" in response.content.decode()
    assert Person.objects.get(pk=person.pk).is_active
    assert RoleAssignment.objects.filter(user=admin_user, role=Role.PROGRAMME_ADMIN).exists()
