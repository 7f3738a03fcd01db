"""Writes about accounts: invitations, memberships and roles, API tokens, organisations.

Every function here is a service: keyword-only, atomic, and raising
:class:`AccountError` with a message a person can act on when it is asked to do
something it must not.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialu.accounts.models import ApiToken, Invitation, User
from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.people import person_services

INVITATION_LIFETIME = timedelta(days=14)
# A token is used many times a minute by a busy script; recording every use
# would turn each read into a write.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)
API_TOKEN_PREFIX_LENGTH = 8


class AccountError(InvalidInputError):
    """A request about accounts that cannot be carried out, with the reason."""


def hash_token(raw: str) -> str:
    """Return the SHA-256 hex digest under which a secret token is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """Return *email* trimmed and lowercased, or raise AccountError if it is not an address."""
    cleaned = (email or "").strip().lower()
    try:
        validate_email(cleaned)
    except ValidationError as error:
        raise AccountError(f"“{email}” is not a valid email address.") from error
    return cleaned


def _clean_roles(roles: Iterable[str]) -> list[str]:
    """Return the roles as a sorted list that always includes learner."""
    chosen = set(roles)
    unknown = chosen - set(Role.values)
    if unknown:
        raise AccountError(f"Unknown role: {', '.join(sorted(unknown))}. Choose from {', '.join(Role.values)}.")
    chosen.add(Role.LEARNER)
    return sorted(chosen)


# Invitations ------------------------------------------------------------------


def _invitation_link(raw_token: str) -> str:
    return f"{settings.SITE_URL}/invitations/{raw_token}/"


def _invitation_send(*, invitation: Invitation, raw_token: str) -> None:
    organisation = invitation.organisation
    inviter = invitation.invited_by
    who = f"{inviter} has invited you" if inviter else "You have been invited"
    role_names = ", ".join(str(Role(role).label) for role in invitation.roles)
    body = (
        f"{who} to join {organisation.name}'s social media university on SocialU.\n\n"
        f"Your roles: {role_names}.\n\n"
        f"Open this link to accept and choose a password:\n{_invitation_link(raw_token)}\n\n"
        f"The link works once and expires on {invitation.expires_at:%d %B %Y}. "
        "If you were not expecting this, you can ignore this email.\n"
    )
    send_mail(
        subject=f"Join {organisation.name} on SocialU",
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, roles: Iterable[str], invited_by: User | None
) -> tuple[Invitation, str]:
    """Invite *email* to *organisation* with *roles*, email them a link, and return the invitation and raw token.

    Only a hash of the token is stored. An earlier pending invitation for the
    same address is revoked, so only the newest link works.
    """
    address = normalise_email(email)
    role_list = _clean_roles(roles)
    if RoleAssignment.objects.filter(organisation=organisation, user__email__iexact=address).exists():
        raise AccountError(
            f"{address} is already a member of {organisation.name}. Change their roles in the list instead."
        )
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email=address, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=address,
        roles=role_list,
        token_hash=hash_token(raw_token),
        invited_by=invited_by,
        expires_at=now + INVITATION_LIFETIME,
    )
    _invitation_send(invitation=invitation, raw_token=raw_token)
    return invitation, raw_token


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> str:
    """Send a pending invitation again with a fresh link and a fresh 14 days; return the raw token.

    The old link stops working: only a hash is stored, so the old token cannot
    be sent again.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise AccountError(f"The invitation for {invitation.email} has already been accepted.")
    if invitation.revoked_at is not None:
        raise AccountError(f"The invitation for {invitation.email} was revoked. Invite them again instead.")
    raw_token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(raw_token)
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    invitation.save(update_fields=["token_hash", "expires_at"])
    _invitation_send(invitation=invitation, raw_token=raw_token)
    return raw_token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Revoke a pending invitation so its link no longer works."""
    if invitation.accepted_at is not None:
        raise AccountError(
            f"The invitation for {invitation.email} has already been accepted; remove the member instead."
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@dataclass(frozen=True)
class InvitationAcceptance:
    """What accepting an invitation did."""

    user: User
    organisation: Organisation
    created_user: bool


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Return why *invitation* cannot be accepted, or None if it can."""
    if invitation is None:
        return "This invitation link is not valid. Check that you copied the whole link from the email."
    if invitation.accepted_at is not None:
        return "This invitation has already been used. Sign in instead, or ask for a new invitation."
    if invitation.revoked_at is not None:
        return "This invitation was withdrawn. Ask your programme admin to invite you again."
    if invitation.expires_at <= timezone.now():
        return "This invitation has expired. Ask your programme admin to send you a new one."
    return None


@transaction.atomic
def invitation_accept(
    *, raw_token: str, password: str | None = None, display_name: str = "", user: User | None = None
) -> InvitationAcceptance:
    """Accept the invitation behind *raw_token* and return the member it made.

    Pass *user* when someone already signed in accepts: they keep their account
    and gain the roles. Otherwise pass *password*: a new account is created for
    the invited address, or an existing account that has no password yet gets
    this one. The learner role is always given, and a person of the
    organisation with the same email is linked to the account.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    problem = invitation_problem(invitation)
    if problem is not None or invitation is None:
        raise AccountError(problem or "")
    created = False
    if user is not None:
        if user.email.lower() != invitation.email:
            raise AccountError(
                f"This invitation is for {invitation.email}, but you are signed in as {user.email}. "
                "Sign out and open the link again."
            )
    else:
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None and existing.has_usable_password():
            raise AccountError(
                f"There is already an account for {invitation.email}. Sign in first, then open the link again."
            )
        if not password:
            raise AccountError("Choose a password.")
        if existing is None:
            user = User.objects.create_user(invitation.email, password, display_name=display_name.strip())
            created = True
        else:
            user = existing
            user.set_password(password)
            if display_name.strip():
                user.display_name = display_name.strip()
            user.save(update_fields=["password", "display_name"])
    organisation = invitation.organisation
    for role in _clean_roles(invitation.roles):
        RoleAssignment.objects.get_or_create(organisation=organisation, user=user, role=role)
    person_services.person_link_user(organisation=organisation, email=invitation.email, user_id=user.pk)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return InvitationAcceptance(user=user, organisation=organisation, created_user=created)


# Members and roles ----------------------------------------------------------------


def _admin_count(*, organisation: Organisation) -> int:
    # Locking the admin rows makes two concurrent demotions wait for each
    # other instead of both passing the check (PostgreSQL; SQLite serialises).
    return len(
        RoleAssignment.objects.select_for_update()
        .filter(organisation=organisation, role=Role.PROGRAMME_ADMIN)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def member_roles_set(*, organisation: Organisation, user: User, roles: Iterable[str]) -> list[str]:
    """Give *user* exactly *roles* (plus learner) in *organisation* and return them.

    Refuse to take the programme admin role from the last programme admin.
    """
    wanted = _clean_roles(roles)
    current = set(RoleAssignment.objects.filter(organisation=organisation, user=user).values_list("role", flat=True))
    if not current:
        raise AccountError(f"{user.email} is not a member of {organisation.name}.")
    if (
        Role.PROGRAMME_ADMIN in current
        and Role.PROGRAMME_ADMIN not in wanted
        and _admin_count(organisation=organisation) <= 1
    ):
        raise AccountError(
            f"{user.email} is the only programme admin of {organisation.name}. "
            "Make someone else a programme admin first."
        )
    RoleAssignment.objects.filter(organisation=organisation, user=user).exclude(role__in=wanted).delete()
    for role in set(wanted) - current:
        RoleAssignment.objects.create(organisation=organisation, user=user, role=role)
    return wanted


@transaction.atomic
def member_remove(*, organisation: Organisation, user: User) -> None:
    """Remove *user* from *organisation*: every role they hold there is taken away.

    Refuse to remove the last programme admin.
    """
    roles = set(RoleAssignment.objects.filter(organisation=organisation, user=user).values_list("role", flat=True))
    if not roles:
        raise AccountError(f"{user.email} is not a member of {organisation.name}.")
    if Role.PROGRAMME_ADMIN in roles and _admin_count(organisation=organisation) <= 1:
        raise AccountError(
            f"{user.email} is the only programme admin of {organisation.name} and cannot be removed. "
            "Make someone else a programme admin first."
        )
    RoleAssignment.objects.filter(organisation=organisation, user=user).delete()


# API tokens -----------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token for *user* and return it with the raw secret.

    The secret is returned once and never stored: only its SHA-256 hash and
    its first characters (to tell tokens apart) are kept.
    """
    cleaned = (name or "").strip()
    if not cleaned:
        raise AccountError("Give the token a name, for example the script or service that will use it.")
    max_length = ApiToken._meta.get_field("name").max_length or 100
    if len(cleaned) > max_length:
        raise AccountError(f"Keep the token name to {max_length} characters or fewer.")
    if not user.is_active:
        raise AccountError(f"{user.email} is deactivated and cannot have API tokens.")
    raw = "su_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=cleaned, prefix=raw[:API_TOKEN_PREFIX_LENGTH], token_hash=hash_token(raw)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke *token*: requests that present it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    """Return the active user a raw token belongs to, or None if it is unknown or revoked.

    Record when the token was last used, at most once a minute.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Organisations ------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, slug: str, name: str, admin_email: str | None = None) -> Organisation:
    """Create an organisation; give *admin_email* (created without a password if new) the programme admin role."""
    slug = (slug or "").strip()
    name = (name or "").strip()
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise AccountError(
            f"“{slug}” cannot be used as a slug: use only lowercase letters, numbers, hyphens and underscores."
        ) from error
    max_slug = Organisation._meta.get_field("slug").max_length or 60
    if len(slug) > max_slug:
        raise AccountError(f"Keep the slug to {max_slug} characters or fewer.")
    if slug != slug.lower():
        raise AccountError(f"Use a lowercase slug, for example “{slug.lower()}”.")
    if not name:
        raise AccountError("Give the organisation a name.")
    if Organisation.objects.filter(slug=slug).exists():
        raise AccountError(f"An organisation with the slug “{slug}” already exists. Choose another slug.")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(slug=slug, name=name)
    except IntegrityError as error:
        raise AccountError(f"An organisation with the slug “{slug}” already exists. Choose another slug.") from error
    if admin_email:
        address = normalise_email(admin_email)
        admin = User.objects.filter(email__iexact=address).first() or User.objects.create_user(address)
        for role in (Role.PROGRAMME_ADMIN, Role.LEARNER):
            RoleAssignment.objects.get_or_create(organisation=organisation, user=admin, role=role)
    return organisation
