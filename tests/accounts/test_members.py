"""The members page: roles, removing members, invitations, and keeping one programme admin."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from socialu.accounts import services
from socialu.accounts.models import Invitation, User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from tests.factories import UserFactory, member


def _roles(user: User, organisation: Organisation) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def _url(name: str, organisation: Organisation, *args: int) -> str:
    return reverse(name, args=[organisation.slug, *args])


def test_members_page_lists_members_with_their_roles(
    organisation: Organisation, admin_client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(20):
        member(organisation, Role.MENTOR, email=f"mentor{number}@example.com")

    with django_assert_max_num_queries(20):
        response = admin_client.get(_url("members", organisation))

    assert response.status_code == 200
    content = response.content.decode()
    assert "mentor19@example.com" in content
    assert "Members (21)" in content
    assert 'name="roles" value="mentor" checked' in content


def test_members_page_query_count_does_not_grow_with_members(
    organisation: Organisation, admin_client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(60):
        member(organisation, Role.CHAMPION, email=f"m{number}@example.com")
    with django_assert_max_num_queries(20):
        assert admin_client.get(_url("members", organisation)).status_code == 200


def test_members_page_is_paginated_above_a_hundred(organisation: Organisation, admin_client: Client) -> None:
    users = UserFactory.build_batch(120)
    for index, user in enumerate(users):
        user.email = f"bulk{index:03d}@example.com"
        user.password = "!"
    User.objects.bulk_create(users)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(organisation=organisation, user=user, role=Role.LEARNER)
        for user in User.objects.filter(email__startswith="bulk")
    )

    first = admin_client.get(_url("members", organisation)).content.decode()
    second = admin_client.get(_url("members", organisation) + "?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert "bulk119@example.com" not in first
    assert "bulk119@example.com" in second


def test_learners_cannot_open_the_members_page(organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(organisation, Role.MENTOR))
    assert client.get(_url("members", organisation)).status_code == 403


def test_inviting_from_the_members_page_sends_an_email(organisation: Organisation, admin_client: Client) -> None:
    response = admin_client.post(
        _url("members", organisation), {"email": "Fresh@Example.com", "roles": [Role.CHAMPION]}, follow=True
    )

    assert response.status_code == 200
    assert "Invitation sent to fresh@example.com" in response.content.decode()
    invitation = Invitation.objects.get(organisation=organisation, email="fresh@example.com")
    assert sorted(invitation.roles) == [Role.CHAMPION, Role.LEARNER]
    assert mail.outbox[0].to == ["fresh@example.com"]
    assert "fresh@example.com" in response.content.decode()


def test_inviting_with_a_bad_address_shows_the_error(organisation: Organisation, admin_client: Client) -> None:
    response = admin_client.post(_url("members", organisation), {"email": "not-an-address"})
    assert response.status_code == 400
    assert "valid email address" in response.content.decode()
    assert not mail.outbox


def test_changing_a_members_roles(organisation: Organisation, admin_client: Client) -> None:
    mentor = member(organisation, Role.MENTOR)

    response = admin_client.post(
        _url("member_roles", organisation, mentor.pk), {"roles": [Role.FACILITATOR, Role.EXECUTIVE_VIEWER]}
    )

    assert response.status_code == 302
    assert _roles(mentor, organisation) == {Role.FACILITATOR, Role.EXECUTIVE_VIEWER, Role.LEARNER}


def test_the_last_programme_admin_keeps_the_role(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    response = admin_client.post(_url("member_roles", organisation, admin_user.pk), {"roles": []}, follow=True)

    assert "only programme admin" in response.content.decode()
    assert Role.PROGRAMME_ADMIN in _roles(admin_user, organisation)


def test_an_admin_can_step_down_when_another_admin_exists(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    member(organisation, Role.PROGRAMME_ADMIN)
    admin_client.post(_url("member_roles", organisation, admin_user.pk), {"roles": [Role.MENTOR]})
    assert _roles(admin_user, organisation) == {Role.MENTOR, Role.LEARNER}


def test_removing_a_member_takes_every_role(organisation: Organisation, admin_client: Client) -> None:
    champion = member(organisation, Role.CHAMPION)

    response = admin_client.post(_url("member_remove", organisation, champion.pk), follow=True)

    assert "no longer a member" in response.content.decode()
    assert _roles(champion, organisation) == set()


def test_the_last_admin_cannot_remove_themselves(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    response = admin_client.post(_url("member_remove", organisation, admin_user.pk), follow=True)

    assert "cannot be removed" in response.content.decode()
    assert Role.PROGRAMME_ADMIN in _roles(admin_user, organisation)


def test_members_of_another_organisation_cannot_be_changed(
    organisation: Organisation, other_organisation: Organisation, admin_client: Client
) -> None:
    outsider = member(other_organisation, Role.PROGRAMME_ADMIN)
    assert admin_client.post(_url("member_remove", organisation, outsider.pk)).status_code == 404
    assert admin_client.post(_url("member_roles", organisation, outsider.pk), {"roles": []}).status_code == 404
    assert _roles(outsider, other_organisation) == {Role.PROGRAMME_ADMIN, Role.LEARNER}


def test_revoking_an_invitation(organisation: Organisation, admin_user: User, admin_client: Client) -> None:
    invitation, raw = services.invitation_create(
        organisation=organisation, email="x@example.com", roles=[], invited_by=admin_user
    )

    admin_client.post(_url("invitation_revoke", organisation, invitation.pk))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(f"/invitations/{raw}/").status_code == 410
    admin_client.get(_url("members", organisation))  # shows the "withdrawn" message once
    assert "x@example.com" not in admin_client.get(_url("members", organisation)).content.decode()


def test_resending_an_invitation_sends_a_new_link(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    invitation, old_raw = services.invitation_create(
        organisation=organisation, email="x@example.com", roles=[], invited_by=admin_user
    )

    response = admin_client.post(_url("invitation_resend", organisation, invitation.pk), follow=True)

    assert "sent to x@example.com again" in response.content.decode()
    assert len(mail.outbox) == 2
    assert old_raw not in mail.outbox[1].body
    assert Client().get(f"/invitations/{old_raw}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitations_of_another_organisation_are_not_found(
    organisation: Organisation, other_organisation: Organisation, admin_client: Client
) -> None:
    invitation, _ = services.invitation_create(
        organisation=other_organisation, email="x@example.com", roles=[], invited_by=None
    )
    assert admin_client.post(_url("invitation_revoke", organisation, invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_inviting_an_existing_member_points_to_their_roles(
    organisation: Organisation, admin_user: User, admin_client: Client
) -> None:
    response = admin_client.post(_url("members", organisation), {"email": admin_user.email.upper()})

    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox
