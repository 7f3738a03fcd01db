"""Changing the sign-in address: confirmed first, never someone else's, never a way to be given their roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from socialu.accounts import services
from socialu.accounts.models import Invitation, User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from tests.accounts.test_pages import assert_csp_clean
from tests.factories import TEST_PASSWORD, UserFactory, member

BOSS = "boss@initech.example"
GOOD_PASSWORD = "plum-orchard-lantern-93"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    # allauth counts confirmation emails per address in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _roles(user: User, slug: str) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user, organisation__slug=slug).values_list("role", flat=True))


def _take_address(client: Client, address: str) -> None:
    """Do what the attacker did: add an address on /accounts/email/, then make it primary."""
    client.post("/accounts/email/", {"email": address, "action_add": ""})
    client.post("/accounts/email/", {"email": address, "action_primary": ""})


def _squat(user: User, address: str) -> None:
    """Leave *user* as the old code did after the attack: *address* primary, never confirmed."""
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=False)
    EmailAddress.objects.create(user=user, email=address, verified=False, primary=True)
    user.email = address
    user.save(update_fields=["email"])


def _confirmation_path() -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_an_unconfirmed_address_never_becomes_the_sign_in_address(learner_user: User, learner_client: Client) -> None:
    _take_address(learner_client, BOSS)

    learner_user.refresh_from_db()
    assert learner_user.email == "learner@acme.example"
    assert mail.outbox[-1].to == [BOSS]


def test_the_new_address_replaces_the_old_once_its_link_is_opened(learner_user: User, learner_client: Client) -> None:
    learner_client.post("/accounts/email/", {"email": "lee@new.example", "action_add": ""})
    path = _confirmation_path()

    response = learner_client.post(path)

    assert response.status_code in {200, 302}
    learner_user.refresh_from_db()
    assert learner_user.email == "lee@new.example"
    assert list(EmailAddress.objects.filter(user=learner_user).values_list("email", "verified", "primary")) == [
        ("lee@new.example", True, True)
    ]


def test_a_learner_cannot_become_admin_of_a_new_organisation_by_taking_its_admins_address(
    learner_user: User, learner_client: Client
) -> None:
    _take_address(learner_client, BOSS)

    call_command("org", "create", "initech", "--name", "Initech", "--admin", BOSS, stdout=StringIO())

    assert _roles(learner_user, "initech") == set()
    admin = User.objects.get(email=BOSS)
    assert admin.pk != learner_user.pk
    assert _roles(admin, "initech") == {Role.PROGRAMME_ADMIN, Role.LEARNER}


def test_an_account_holding_an_unconfirmed_address_is_sent_an_invitation_instead_of_the_role(
    learner_user: User,
) -> None:
    _squat(learner_user, BOSS)
    out = StringIO()

    call_command("org", "create", "initech", "--name", "Initech", "--admin", BOSS, stdout=out)

    assert _roles(learner_user, "initech") == set()
    invitation = Invitation.objects.get(organisation__slug="initech")
    assert invitation.email == BOSS
    assert Role.PROGRAMME_ADMIN in invitation.roles
    assert mail.outbox[-1].to == [BOSS]
    assert "invitation was emailed instead" in out.getvalue()


def test_an_account_whose_address_socialu_gave_it_is_made_admin_directly(admin_user: User) -> None:
    call_command("org", "create", "initech", "--name", "Initech", "--admin", admin_user.email, stdout=StringIO())
    assert _roles(admin_user, "initech") == {Role.PROGRAMME_ADMIN, Role.LEARNER}


def test_an_address_another_account_uses_cannot_be_added(
    admin_user: User, learner_user: User, learner_client: Client
) -> None:
    response = learner_client.post("/accounts/email/", {"email": admin_user.email, "action_add": ""})

    assert response.status_code == 200
    assert "already used by another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=learner_user, email=admin_user.email).exists()
    response = learner_client.post("/accounts/email/", {"email": admin_user.email, "action_primary": ""})
    assert response.status_code == 302
    learner_user.refresh_from_db()
    assert learner_user.email == "learner@acme.example"


def test_making_primary_an_address_another_account_now_uses_is_refused_without_an_error_page(
    learner_user: User, learner_client: Client
) -> None:
    EmailAddress.objects.create(user=learner_user, email="shared@example.com", verified=True, primary=False)
    UserFactory.create(email="shared@example.com")

    response = learner_client.post("/accounts/email/", {"email": "shared@example.com", "action_primary": ""})

    assert response.status_code == 302
    learner_user.refresh_from_db()
    assert learner_user.email == "learner@acme.example"


def test_confirming_an_address_someone_else_took_meanwhile_is_refused_clearly(
    learner_user: User, learner_client: Client
) -> None:
    learner_client.post("/accounts/email/", {"email": "late@example.com", "action_add": ""})
    path = _confirmation_path()
    UserFactory.create(email="late@example.com")

    response = learner_client.post(path, follow=True)

    assert response.status_code == 200
    assert "already used by another account" in response.content.decode()
    learner_user.refresh_from_db()
    assert learner_user.email == "learner@acme.example"


def test_a_squatted_address_does_not_block_the_real_persons_invitation(
    organisation: Organisation, learner_user: User
) -> None:
    _squat(learner_user, BOSS)
    _, raw = services.invitation_create(
        organisation=organisation, email=BOSS, roles=[Role.PROGRAMME_ADMIN], invited_by=None
    )

    response = Client().post(
        f"/invitations/{raw}/", {"display_name": "Bo Boss", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )

    assert response.status_code == 302
    boss = User.objects.get(email=BOSS)
    assert boss.pk != learner_user.pk
    assert _roles(boss, "acme") == {Role.PROGRAMME_ADMIN, Role.LEARNER}
    learner_user.refresh_from_db()
    assert learner_user.email == "learner@acme.example"
    assert _roles(learner_user, "acme") == {Role.LEARNER}
    assert EmailAddress.objects.filter(user=boss, email=BOSS, verified=True, primary=True).exists()


def test_a_pending_claim_on_an_address_does_not_block_its_owner(
    organisation: Organisation, learner_client: Client
) -> None:
    learner_client.post("/accounts/email/", {"email": BOSS, "action_add": ""})
    attacker_link = _confirmation_path()
    _, raw = services.invitation_create(organisation=organisation, email=BOSS, roles=[], invited_by=None)

    services.invitation_accept(raw_token=raw, password=GOOD_PASSWORD)

    assert User.objects.filter(email=BOSS).count() == 1
    assert learner_client.post(attacker_link).status_code == 404


def test_accepting_an_invitation_records_the_address_as_confirmed(organisation: Organisation) -> None:
    existing = UserFactory.create(email="known@example.com")
    _, raw = services.invitation_create(organisation=organisation, email="known@example.com", roles=[], invited_by=None)

    services.invitation_accept(raw_token=raw, user=existing)

    assert EmailAddress.objects.filter(user=existing, email="known@example.com", verified=True, primary=True).exists()


def test_an_invitation_is_refused_only_for_a_member_who_proved_the_address(
    organisation: Organisation, learner_user: User, admin_user: User
) -> None:
    with pytest.raises(services.AccountError, match="already a member"):
        services.invitation_create(organisation=organisation, email=admin_user.email, roles=[], invited_by=None)
    _squat(learner_user, BOSS)
    invitation, _ = services.invitation_create(organisation=organisation, email=BOSS, roles=[], invited_by=None)
    assert invitation.email == BOSS


def test_where_single_sign_on_manages_addresses_they_cannot_be_changed(
    settings: Settings, learner_user: User, learner_client: Client
) -> None:
    settings.SOCIALU_EMAIL_CHANGE = False

    response = learner_client.post("/accounts/email/", {"email": "lee@new.example", "action_add": ""})

    assert "single sign-on" in response.content.decode()
    assert not EmailAddress.objects.filter(email="lee@new.example").exists()
    assert mail.outbox == []


def test_an_account_given_its_address_by_socialu_can_change_it(organisation: Organisation) -> None:
    user = member(organisation, email="old@example.com")
    client = Client()
    client.force_login(user)

    client.post("/accounts/email/", {"email": "new@example.com", "action_add": ""})
    client.post(_confirmation_path())

    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert user.check_password(TEST_PASSWORD)


def test_the_address_page_has_no_inline_scripts_or_styles(learner_client: Client) -> None:
    learner_client.post("/accounts/email/", {"email": "lee@new.example", "action_add": ""})
    response = learner_client.get("/accounts/email/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "lee@new.example" in html
    assert_csp_clean(html)


def test_the_confirmation_page_has_no_inline_scripts_or_styles(learner_client: Client) -> None:
    learner_client.post("/accounts/email/", {"email": "lee@new.example", "action_add": ""})
    response = learner_client.get(_confirmation_path())
    assert response.status_code == 200
    assert "lee@new.example" in response.content.decode()
    assert_csp_clean(response.content.decode())
