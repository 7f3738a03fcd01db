"""Reads about accounts: members and their roles, invitations, API tokens."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from socialu.accounts.models import ApiToken, Invitation, User
from socialu.accounts.services import hash_token
from socialu.core.models import Organisation, RoleAssignment


def member_list(*, organisation: Organisation) -> QuerySet[User]:
    """Return the organisation's members by email, each with ``org_roles`` (their role assignments there).

    Two queries however many members: one for the page of users, one for
    their roles.
    """
    member_ids = RoleAssignment.objects.filter(organisation=organisation).values("user_id")
    return (
        User.objects.filter(pk__in=member_ids)
        .order_by("email")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(organisation=organisation).order_by("role"),
                to_attr="org_roles",
            )
        )
    )


def user_for_email(*, email: str) -> User | None:
    """Return the account with *email* (any case), or None."""
    return User.objects.filter(email__iexact=email.strip()).first()


def member_get(*, organisation: Organisation, user_id: int) -> User | None:
    """Return the member *user_id* of *organisation*, or None if they are not a member."""
    member_ids = RoleAssignment.objects.filter(organisation=organisation).values("user_id")
    return User.objects.filter(pk=user_id, pk__in=member_ids).first()


def invitation_pending_list(*, organisation: Organisation) -> QuerySet[Invitation]:
    """Return invitations of the organisation that can still be accepted, newest first."""
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_get(*, organisation: Organisation, invitation_id: int) -> Invitation | None:
    """Return the invitation *invitation_id* of *organisation*, or None."""
    return Invitation.objects.filter(organisation=organisation, pk=invitation_id).select_related("organisation").first()


def invitation_for_token(*, raw_token: str) -> Invitation | None:
    """Return the invitation a raw token from an email link belongs to, or None."""
    return Invitation.objects.filter(token_hash=hash_token(raw_token)).select_related("organisation").first()


def api_token_list(*, user: User, organisation: Organisation | None = None) -> QuerySet[ApiToken]:
    """Return the user's live API tokens, newest first (only those usable in *organisation*, if given)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if organisation is not None:
        tokens = tokens.filter(Q(organisation=organisation) | Q(organisation__isnull=True))
    return tokens.select_related("organisation").order_by("-created_at")


def api_token_get(*, user: User, token_id: int) -> ApiToken | None:
    """Return the user's own token *token_id*, or None."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def organisation_token_list(*, organisation: Organisation, include_revoked: bool = False) -> QuerySet[ApiToken]:
    """Return the tokens made for *organisation*, with their users, newest first (revoked ones too if asked)."""
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("user")
    if not include_revoked:
        tokens = tokens.filter(revoked_at__isnull=True)
    return tokens.order_by("-created_at")


def organisation_token_get(*, organisation: Organisation, token_id: int) -> ApiToken | None:
    """Return token *token_id* if it was made for *organisation*, or None (another organisation's answers None)."""
    return ApiToken.objects.filter(organisation=organisation, pk=token_id).select_related("user").first()


def organisations_of_user(*, user_id: int) -> list[Organisation]:
    """Return the organisations the account is a member of, by slug."""
    ids = RoleAssignment.objects.filter(user_id=user_id).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("slug"))
