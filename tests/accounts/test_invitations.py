"""Invitations: the email, the link, accepting it, and links that no longer work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from socialu.accounts import services
from socialu.accounts.models import Invitation, User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from tests.factories import PersonFactory, member

GOOD_PASSWORD = "plum-orchard-lantern-93"


def _link_token() -> str:
    match = re.search(r"/invitations/([^/\s]+)/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def _roles(user: User, organisation: Organisation) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def test_invitation_emails_a_link_and_stores_only_a_hash(organisation: Organisation, admin_user: User) -> None:
    invitation, raw = services.invitation_create(
        organisation=organisation, email=" New.Person@Example.com ", roles=[Role.MENTOR], invited_by=admin_user
    )

    assert invitation.email == "new.person@example.com"
    assert invitation.token_hash == services.hash_token(raw)
    assert raw not in invitation.token_hash
    assert sorted(invitation.roles) == [Role.LEARNER, Role.MENTOR]
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.com"]
    assert "Acme Ltd" in message.subject
    assert f"/invitations/{raw}/" in message.body
    assert _link_token() == raw


def test_invitation_link_uses_the_site_url(organisation: Organisation, settings: Settings) -> None:
    settings.SITE_URL = "https://learn.acme.example"
    _, raw = services.invitation_create(organisation=organisation, email="a@b.example", roles=[], invited_by=None)
    assert f"https://learn.acme.example/invitations/{raw}/" in mail.outbox[0].body


def test_reinviting_revokes_the_earlier_pending_invitation(organisation: Organisation, admin_user: User) -> None:
    first, first_raw = services.invitation_create(
        organisation=organisation, email="x@example.com", roles=[], invited_by=admin_user
    )
    second, _ = services.invitation_create(
        organisation=organisation, email="X@example.com", roles=[Role.CHAMPION], invited_by=admin_user
    )

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    response = Client().get(f"/invitations/{first_raw}/")
    assert response.status_code == 410
    assert b"withdrawn" in response.content


def test_unknown_roles_are_refused(organisation: Organisation) -> None:
    with pytest.raises(services.AccountError, match="Unknown role: wizard"):
        services.invitation_create(organisation=organisation, email="x@example.com", roles=["wizard"], invited_by=None)


def test_accept_page_shows_the_organisation_without_sign_in(organisation: Organisation, admin_user: User) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="new@example.com", roles=[], invited_by=None)

    response = Client().get(f"/invitations/{raw}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Join Acme Ltd" in content
    assert 'value="new@example.com"' in content
    assert '<label for="id_password1">' in content


def test_weak_password_shows_errors_and_keeps_the_email(organisation: Organisation) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="new@example.com", roles=[], invited_by=None)

    response = Client().post(
        f"/invitations/{raw}/", {"display_name": "New Person", "password1": "123", "password2": "123"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "too short" in content
    assert 'value="new@example.com"' in content
    assert 'value="New Person"' in content
    assert not User.objects.filter(email="new@example.com").exists()


def test_mismatched_passwords_are_reported(organisation: Organisation) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="new@example.com", roles=[], invited_by=None)

    response = Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})

    assert response.status_code == 400
    assert "not the same" in response.content.decode()


def test_accepting_creates_the_account_with_roles_links_the_person_and_signs_in(
    organisation: Organisation, admin_user: User
) -> None:
    person = PersonFactory.create(organisation=organisation, email="new@example.com")
    services.invitation_create(
        organisation=organisation, email="New@Example.com", roles=[Role.FACILITATOR], invited_by=admin_user
    )
    raw = _link_token()
    client = Client()

    response = client.post(
        f"/invitations/{raw}/", {"display_name": "Nia", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/o/{organisation.slug}/"
    user = User.objects.get(email="new@example.com")
    assert user.display_name == "Nia"
    assert user.check_password(GOOD_PASSWORD)
    assert _roles(user, organisation) == {Role.FACILITATOR, Role.LEARNER}
    person.refresh_from_db()
    assert person.user_id == user.pk
    assert client.get(f"/o/{organisation.slug}/").status_code == 200
    invitation = Invitation.objects.get(email="new@example.com")
    assert invitation.accepted_at is not None


def test_a_used_link_cannot_be_used_again(organisation: Organisation) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="new@example.com", roles=[], invited_by=None)
    Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    response = Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_link_gets_a_clear_page(organisation: Organisation) -> None:
    invitation, raw = services.invitation_create(
        organisation=organisation, email="new@example.com", roles=[], invited_by=None
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().get(f"/invitations/{raw}/")

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    response = Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email="new@example.com").exists()


def test_an_unknown_link_gets_a_clear_page(db: None) -> None:
    response = Client().get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_signed_in_user_accepting_just_gains_the_roles(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    user = member(other_organisation, Role.PROGRAMME_ADMIN, email="both@example.com")
    password_before = user.password
    _, raw = services.invitation_create(
        organisation=organisation, email="both@example.com", roles=[Role.MENTOR], invited_by=None
    )
    client = Client()
    client.force_login(user)

    page = client.get(f"/invitations/{raw}/")
    assert "signed in as both@example.com" in page.content.decode()
    response = client.post(f"/invitations/{raw}/")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password == password_before
    assert _roles(user, organisation) == {Role.MENTOR, Role.LEARNER}
    assert _roles(user, other_organisation) == {Role.PROGRAMME_ADMIN, Role.LEARNER}


def test_signed_in_as_someone_else_is_refused(organisation: Organisation, admin_user: User) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="else@example.com", roles=[], invited_by=None)
    client = Client()
    stranger = member(Organisation.objects.create(slug="initech", name="Initech"), email="stranger@example.com")
    client.force_login(stranger)

    response = client.post(f"/invitations/{raw}/")

    assert response.status_code == 400
    assert "Sign out and open the link again" in response.content.decode()
    assert not RoleAssignment.objects.filter(organisation=organisation, user=stranger).exists()


def test_existing_account_with_a_password_is_asked_to_sign_in(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    existing = member(other_organisation, email="known@example.com")
    password_before = existing.password
    _, raw = services.invitation_create(organisation=organisation, email="known@example.com", roles=[], invited_by=None)

    page = Client().get(f"/invitations/{raw}/")
    assert "Sign in with it" in page.content.decode()
    response = Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    existing.refresh_from_db()
    assert existing.password == password_before
    assert not RoleAssignment.objects.filter(organisation=organisation, user=existing).exists()
    assert response.status_code == 200


def test_existing_account_without_a_password_is_reused(organisation: Organisation) -> None:
    existing = User.objects.create_user("cli-made@example.com")
    _, raw = services.invitation_create(
        organisation=organisation, email="cli-made@example.com", roles=[], invited_by=None
    )

    response = Client().post(f"/invitations/{raw}/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.check_password(GOOD_PASSWORD)
    assert User.objects.filter(email="cli-made@example.com").count() == 1
    assert _roles(existing, organisation) == {Role.LEARNER}
