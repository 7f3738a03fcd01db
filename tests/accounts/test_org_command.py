"""``socialu org create``: a new organisation, with clear errors and an optional first admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role


def test_org_create_makes_an_organisation(db: None) -> None:
    out = StringIO()
    call_command("org", "create", "initech", "--name", "Initech", stdout=out)
    assert Organisation.objects.get(slug="initech").name == "Initech"
    assert "/o/initech/" in out.getvalue()


def test_org_create_with_admin_creates_the_account_without_a_password(db: None) -> None:
    call_command("org", "create", "initech", "--name", "Initech", "--admin", "Boss@Initech.example", stdout=StringIO())

    admin = User.objects.get(email="boss@initech.example")
    assert not admin.has_usable_password()
    roles = set(RoleAssignment.objects.filter(user=admin, organisation__slug="initech").values_list("role", flat=True))
    assert roles == {Role.PROGRAMME_ADMIN, Role.LEARNER}


def test_org_create_reuses_an_existing_admin_account(admin_user: User) -> None:
    call_command("org", "create", "initech", "--name", "Initech", "--admin", admin_user.email, stdout=StringIO())
    assert User.objects.filter(email=admin_user.email).count() == 1
    assert RoleAssignment.objects.filter(user=admin_user, organisation__slug="initech").count() == 2


def test_org_create_refuses_a_duplicate_slug(organisation: Organisation) -> None:
    with pytest.raises(CommandError, match="already exists"):
        call_command("org", "create", organisation.slug, "--name", "Again", stdout=StringIO())
    assert Organisation.objects.filter(slug=organisation.slug).count() == 1


@pytest.mark.parametrize("slug", ["has space", "Ünïcode", "a/b", "UPPER"])
def test_org_create_refuses_an_invalid_slug(db: None, slug: str) -> None:
    with pytest.raises(CommandError, match="slug"):
        call_command("org", "create", slug, "--name", "Bad", stdout=StringIO())
    assert not Organisation.objects.exists()


def test_org_create_needs_a_name(db: None) -> None:
    with pytest.raises(CommandError, match="name"):
        call_command("org", "create", "initech", "--name", "  ", stdout=StringIO())


def test_a_new_admin_without_a_password_can_set_one_by_resetting_it(db: None) -> None:
    call_command("org", "create", "initech", "--name", "Initech", "--admin", "boss@initech.example", stdout=StringIO())

    Client().post("/accounts/password/reset/", {"email": "boss@initech.example"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@initech.example"]
    assert "/accounts/password/reset/key/" in str(mail.outbox[0].body)
