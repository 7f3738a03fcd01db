"""The social media account registry: checks, who should act, services, the CLI and the daily email."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import SocialAccount, SocialAccountStatus
from socialu.governance.registry.selectors import ADMIN_ACTS, ProblemKind, registry_problems
from socialu.governance.registry.services import (
    RegistryError,
    social_account_create,
    social_account_retire,
    social_account_review,
    social_account_update,
)
from socialu.governance.registry.tasks import registry_check_run
from socialu.people.models import Person
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(organisation=organisation, name="Sam Carter", employee_id="E1")


@pytest.fixture
def backup(organisation: Organisation) -> Person:
    return PersonFactory.create(organisation=organisation, name="Bea Backup", employee_id="E2")


def healthy(organisation: Organisation, owner: Person, backup: Person, **values: object) -> SocialAccount:
    return social_account_create(
        organisation=organisation,
        platform="x",
        handle="@Kestrel_UK",
        owner=owner,
        backup_owner=backup,
        last_reviewed_on=TODAY - timedelta(days=10),
        **values,
    )


def kinds(organisation: Organisation) -> list[tuple[str, str]]:
    return [(p.kind, p.who_should_act) for p in registry_problems(organisation=organisation, today=TODAY)]


def test_the_model_has_no_field_for_a_secret() -> None:
    names = [field.name.lower() for field in SocialAccount._meta.get_fields()]
    assert not [name for name in names if any(word in name for word in ("password", "secret", "token"))]
    help_text = str(SocialAccount._meta.get_field("credentials_reference").help_text)
    assert "Never the password itself" in help_text


def test_a_healthy_account_has_no_problems(organisation: Organisation, owner: Person, backup: Person) -> None:
    healthy(organisation, owner, backup)
    assert kinds(organisation) == []


def test_the_handle_is_normalised_and_unique_whatever_its_case(
    organisation: Organisation, owner: Person, backup: Person
) -> None:
    account = healthy(organisation, owner, backup)
    assert (account.handle, account.handle_key) == ("Kestrel_UK", "kestrel_uk")
    with pytest.raises(RegistryError, match="already in the registry"):
        social_account_create(organisation=organisation, platform="x", handle="kestrel_uk")
    # The same handle on another platform is another account.
    social_account_create(organisation=organisation, platform="linkedin", handle="kestrel_uk")


def test_the_service_refuses_a_password(organisation: Organisation) -> None:
    with pytest.raises(RegistryError, match="never stores credentials"):
        social_account_create(organisation=organisation, platform="x", handle="a", password="hunter2")


def test_an_owner_who_has_left_orphans_the_account_and_the_backup_should_act(
    organisation: Organisation, owner: Person, backup: Person
) -> None:
    healthy(organisation, owner, backup)
    Person.objects.filter(pk=owner.pk).update(is_active=False)

    problems = registry_problems(organisation=organisation, today=TODAY)

    assert [(p.kind, p.severity, p.who_should_act) for p in problems] == [(ProblemKind.ORPHANED, "high", "Bea Backup")]
    assert problems[0].message == "Owner has left: Sam Carter is no longer active. Name a new owner."


def test_with_no_owner_and_no_backup_a_programme_admin_should_act(organisation: Organisation) -> None:
    social_account_create(organisation=organisation, platform="tiktok", handle="acme", last_reviewed_on=TODAY)
    assert kinds(organisation) == [(ProblemKind.ORPHANED, ADMIN_ACTS), (ProblemKind.NO_BACKUP, ADMIN_ACTS)]


def test_no_backup_owner_is_for_the_owner_to_fix(organisation: Organisation, owner: Person) -> None:
    social_account_create(organisation=organisation, platform="x", handle="a", owner=owner, last_reviewed_on=TODAY)
    assert kinds(organisation) == [(ProblemKind.NO_BACKUP, "Sam Carter")]


def test_a_review_is_overdue_after_its_interval_or_when_never_done(
    organisation: Organisation, owner: Person, backup: Person
) -> None:
    account = healthy(organisation, owner, backup, review_every_days=30)
    social_account_update(account=account, last_reviewed_on=TODAY - timedelta(days=30))
    assert kinds(organisation) == []
    social_account_update(account=account, last_reviewed_on=TODAY - timedelta(days=31))
    [problem] = registry_problems(organisation=organisation, today=TODAY)
    assert (problem.kind, problem.who_should_act) == (ProblemKind.REVIEW_OVERDUE, "Sam Carter")
    assert "The review was due on 31 May 2026" in problem.message
    social_account_update(account=account, last_reviewed_on=None)
    assert "never been reviewed" in registry_problems(organisation=organisation, today=TODAY)[0].message

    social_account_review(account=account, user=None, today=TODAY)
    assert kinds(organisation) == []


def test_retired_accounts_are_not_checked(organisation: Organisation) -> None:
    account = social_account_create(organisation=organisation, platform="x", handle="old")
    social_account_retire(account=account)
    assert account.status == SocialAccountStatus.RETIRED
    assert kinds(organisation) == []


def test_the_check_does_not_query_per_account(
    organisation: Organisation, owner: Person, backup: Person, django_assert_max_num_queries: object
) -> None:
    for number in range(20):
        social_account_create(organisation=organisation, platform="x", handle=f"a{number}", owner=owner)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        assert len(registry_problems(organisation=organisation, today=TODAY)) == 40


def test_the_cli_exits_1_and_lists_who_should_act_when_there_are_problems(
    organisation: Organisation, owner: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    social_account_create(organisation=organisation, platform="x", handle="a", owner=owner, last_reviewed_on=TODAY)
    with pytest.raises(SystemExit) as exited:
        call_command("governance", "registry-check", "--org", "acme", "--json")
    assert exited.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"][0]["kind"] == "no_backup"
    assert data["problems"][0]["who_should_act"] == "Sam Carter"


def test_the_cli_exits_0_when_all_is_well(
    organisation: Organisation, owner: Person, backup: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    account = healthy(organisation, owner, backup)
    social_account_review(account=account, user=None)
    call_command("governance", "registry-check", "--org", "acme")
    assert "are in order" in capsys.readouterr().out


def test_the_daily_task_emails_the_programme_admins_only_when_there_are_problems(
    organisation: Organisation, owner: Person, backup: Person
) -> None:
    member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    member(organisation, Role.FACILITATOR, email="facilitator@acme.example")
    account = healthy(organisation, owner, backup)
    social_account_review(account=account, user=None)

    registry_check_run.enqueue(organisation.pk)
    assert mail.outbox == []

    Person.objects.filter(pk=owner.pk).update(is_active=False)
    registry_check_run.enqueue(organisation.pk)

    [message] = mail.outbox
    assert message.to == ["admin@acme.example"]
    assert "Owner has left: Sam Carter is no longer active" in message.body
    assert "Who should act: Bea Backup" in message.body
