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
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from socialu.accounts.models import ApiToken, Invitation, User
from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.permissions import Scope
from socialu.core.roles import Role
from socialu.core.text import clean_text
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


# Email addresses ----------------------------------------------------------------


def email_address_proven(*, user: User, email: str) -> bool:
    """Return whether *user* has shown that *email* is theirs.

    An address confirmed by opening a link sent to it (an invitation, or the
    confirmation sent when someone changes their address) is proven. So is an
    address SocialU itself gave the account (an invitation, ``socialu org create
    --admin``) that its owner never changed: such an account can only be entered
    through that mailbox. An address its owner made primary without confirming
    it, which was possible before changes needed confirmation, is not.
    """
    address = email.strip().lower()
    if user.email.lower() != address:
        return False
    records = EmailAddress.objects.filter(user=user, email__iexact=address)
    if records.filter(verified=True).exists():
        return True
    return not records.filter(primary=True).exists()


def email_in_use(*, email: str, user: User | None = None) -> bool:
    """Return whether an account other than *user* already signs in with, or has confirmed, *email*."""
    address = email.strip().lower()
    accounts = User.objects.filter(email__iexact=address)
    confirmed = EmailAddress.objects.filter(email__iexact=address, verified=True)
    if user is not None:
        accounts = accounts.exclude(pk=user.pk)
        confirmed = confirmed.exclude(user=user)
    return accounts.exists() or confirmed.exists()


def _email_address_confirm(*, user: User, address: str) -> None:
    """Record that *user* opened a link sent to *address*, their sign-in address.

    Other accounts' unconfirmed claims on the address are dropped: they can no
    longer be confirmed, and would only confuse signing in.
    """
    EmailAddress.objects.filter(email__iexact=address, verified=False).exclude(user=user).delete()
    if EmailAddress.objects.filter(email__iexact=address, verified=True).exclude(user=user).exists():
        return
    EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=address).update(primary=False)
    record = EmailAddress.objects.filter(user=user, email__iexact=address).first()
    if record is None:
        EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
    else:
        record.verified = record.primary = True
        record.save(update_fields=["verified", "primary"])


@transaction.atomic
def email_address_settle(*, user: User) -> None:
    """Record *user*'s proven sign-in address as confirmed, before they change it.

    Changing an address replaces the confirmed one once the new one is
    confirmed; an account whose address SocialU gave it has no such record yet.
    """
    if user.email and email_address_proven(user=user, email=user.email):
        _email_address_confirm(user=user, address=user.email.lower())


def _email_address_release(*, user: User, address: str) -> None:
    """Give *address* back from *user*, who holds it without having proven it, so its real owner can use it.

    The account falls back to another address it has (a confirmed one first).
    """
    fallback = (
        EmailAddress.objects.filter(user=user).exclude(email__iexact=address).order_by("-verified", "-pk").first()
    )
    if fallback is None or User.objects.filter(email__iexact=fallback.email).exclude(pk=user.pk).exists():
        raise AccountError(
            f"Another account uses {address} without having confirmed it, and it has no other address "
            "to fall back to. Ask the person who runs SocialU for you to change that account's address, "
            "then open this link again."
        )
    EmailAddress.objects.filter(user=user, email__iexact=address).delete()
    EmailAddress.objects.filter(user=user).exclude(pk=fallback.pk).update(primary=False)
    EmailAddress.objects.filter(pk=fallback.pk).update(primary=True)
    user.email = fallback.email.lower()
    user.save(update_fields=["email"])


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
    holder = User.objects.filter(email__iexact=address, role_assignments__organisation=organisation).first()
    # An account that took the address without confirming it does not stand in the real owner's way.
    if holder is not None and email_address_proven(user=holder, email=address):
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


def invitation_sign_in_needed(*, invitation: Invitation) -> bool:
    """Return whether the invited address belongs to an account that must sign in to accept.

    That is an account with a password that has proven the address; an account
    that only took the address without confirming it does not count.
    """
    existing = User.objects.filter(email__iexact=invitation.email).first()
    return (
        existing is not None
        and existing.has_usable_password()
        and email_address_proven(user=existing, email=invitation.email)
    )


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

    The link was sent to the invited address, so opening it proves the address:
    it is recorded as confirmed, and an account that took the address without
    confirming it gives it up instead of receiving the roles.
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
    name = clean_text(display_name).strip()
    created = False
    if user is not None:
        if user.email.lower() != invitation.email:
            raise AccountError(
                f"This invitation is for {invitation.email}, but you are signed in as {user.email}. "
                "Sign out and open the link again."
            )
    else:
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None and not email_address_proven(user=existing, email=invitation.email):
            _email_address_release(user=existing, address=invitation.email)
            existing = None
        if existing is not None and existing.has_usable_password():
            raise AccountError(
                f"There is already an account for {invitation.email}. Sign in first, then open the link again."
            )
        if not password:
            raise AccountError("Choose a password.")
        if existing is None:
            user = User.objects.create_user(invitation.email, password, display_name=name)
            created = True
        else:
            user = existing
            user.set_password(password)
            if name:
                user.display_name = name
            user.save(update_fields=["password", "display_name"])
    organisation = invitation.organisation
    _email_address_confirm(user=user, address=invitation.email)
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


@transaction.atomic
def member_access_end(*, organisation: Organisation, user_ids: Iterable[int]) -> None:
    """End these accounts' access to *organisation*, as when the people behind them leave.

    Their roles there are taken away, so neither a session nor a token opens
    the organisation any more. An account left with no organisation at all also
    has its sessions ended and its API tokens revoked; one that still belongs
    elsewhere keeps them for the organisations it still belongs to.
    """
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        RoleAssignment.objects.filter(organisation=organisation, user_id__in=chunk).delete()
        still_members = set(RoleAssignment.objects.filter(user_id__in=chunk).values_list("user_id", flat=True))
        gone = [user_id for user_id in chunk if user_id not in still_members]
        _sessions_end(user_ids=gone)
        _api_tokens_revoke_all(user_ids=gone)


# API tokens -----------------------------------------------------------------------


API_TOKEN_DEFAULT_LIFETIME = timedelta(days=90)
API_TOKEN_MAX_LIFETIME = timedelta(days=366)
# A token made without naming its scopes may do what its user's roles allow over the REST API.
API_TOKEN_DEFAULT_SCOPES: tuple[Scope, ...] = (Scope.READ, Scope.WRITE, Scope.ADMIN)


def _token_scopes_clean(scopes: Iterable[str]) -> list[str]:
    chosen = sorted({str(scope).strip().lower() for scope in scopes})
    known = {scope.value for scope in Scope}
    unknown = [scope for scope in chosen if scope not in known]
    if unknown:
        raise AccountError(
            f"Unknown scope {', '.join(unknown)}. Choose from {', '.join(scope.value for scope in Scope)}.",
            errors={"scopes": [f"Choose from {', '.join(scope.value for scope in Scope)}."]},
        )
    if not chosen:
        raise AccountError("Choose at least one scope.", errors={"scopes": ["Choose at least one scope."]})
    return chosen


def _token_expiry_check(expires_at: datetime, *, now: datetime) -> datetime:
    if expires_at <= now:
        raise AccountError(
            "Choose an expiry date in the future.", errors={"expires_at": ["Choose a date in the future."]}
        )
    if expires_at - now > API_TOKEN_MAX_LIFETIME:
        raise AccountError(
            f"A token may live at most {API_TOKEN_MAX_LIFETIME.days} days. Choose an earlier expiry date.",
            errors={"expires_at": [f"At most {API_TOKEN_MAX_LIFETIME.days} days from today."]},
        )
    return expires_at


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    organisation: Organisation | None = None,
    scopes: Iterable[str] | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token for *user* in *organisation* and return it with the raw secret.

    The token carries *scopes* (all but ``scim`` when not given) and expires at
    *expires_at* (90 days from now when not given, at most a year). The
    secret is returned once and never stored: only its SHA-256 hash and its
    first characters (to tell tokens apart) are kept. Without an organisation
    the token works in each organisation the user belongs to (the pages, API
    and command always name one).
    """
    cleaned = clean_text(name or "").strip()
    if not cleaned:
        raise AccountError("Give the token a name, for example the script or service that will use it.")
    max_length = ApiToken._meta.get_field("name").max_length or 100
    if len(cleaned) > max_length:
        raise AccountError(f"Keep the token name to {max_length} characters or fewer.")
    if not user.is_active:
        raise AccountError(f"{user.email} is deactivated and cannot have API tokens.")
    if organisation is not None and not RoleAssignment.objects.filter(organisation=organisation, user=user).exists():
        raise AccountError(f"{user.email} is not a member of {organisation.name}, so cannot have a token there.")
    now = timezone.now()
    chosen = _token_scopes_clean(API_TOKEN_DEFAULT_SCOPES if scopes is None else scopes)
    expiry = _token_expiry_check(expires_at or now + API_TOKEN_DEFAULT_LIFETIME, now=now)
    raw = "su_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        organisation=organisation,
        name=cleaned,
        scopes=chosen,
        expires_at=expiry,
        prefix=raw[:API_TOKEN_PREFIX_LENGTH],
        token_hash=hash_token(raw),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke *token*: requests that present it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_use(*, raw: str) -> ApiToken | None:
    """Return the live token *raw* is the secret of, with its user, or None if unknown, revoked or expired.

    Record when the token was last used, at most once a minute. A token
    whose user is deactivated, or no longer a member of the token's
    organisation, is refused too.
    """
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "organisation")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .exclude(expires_at__lte=now)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    """Return the active user a raw token belongs to, or None if it is unknown, revoked or expired."""
    token = api_token_use(raw=raw)
    return token.user if token is not None else None


# Sessions and passwords -------------------------------------------------------------


def _api_tokens_revoke_all(*, user_ids: Iterable[int]) -> int:
    return ApiToken.objects.filter(user_id__in=list(user_ids), revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _sessions_end(*, user_ids: Iterable[int]) -> None:
    # Every session carries a hash that includes the generation, so raising it
    # ends them all at the next request, wherever they are (see User._get_session_auth_hash).
    User.objects.filter(pk__in=list(user_ids)).update(session_generation=F("session_generation") + 1)


@transaction.atomic
def user_sign_out_everywhere(*, user: User) -> int:
    """End every session of *user* (this one too) and revoke all their API tokens; return how many were revoked."""
    _sessions_end(user_ids=[user.pk])
    user.refresh_from_db(fields=["session_generation"])
    return _api_tokens_revoke_all(user_ids=[user.pk])


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """Give *user* a new password (a change or a reset) and revoke their API tokens.

    The new password ends every other session by itself (sessions are signed
    with it); tokens do not depend on it, so they are revoked here: whoever
    knew the old password may have made one.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    _api_tokens_revoke_all(user_ids=[user.pk])


# Organisations ------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCreated:
    """What creating an organisation did about its first programme admin."""

    organisation: Organisation
    admin: User | None = None
    invitation: Invitation | None = None


@transaction.atomic
def organisation_create(*, slug: str, name: str, admin_email: str | None = None) -> OrganisationCreated:
    """Create an organisation and make *admin_email* its programme admin.

    A new account is created, without a password, for an address nobody uses
    yet: only the owner of the mailbox can set one. An existing account is given
    the role only when it has proven the address (see
    :func:`email_address_proven`); otherwise the address is sent an invitation,
    whose link proves it.
    """
    slug = (slug or "").strip()
    name = clean_text(name or "").strip()
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
    if not admin_email:
        return OrganisationCreated(organisation=organisation)
    address = normalise_email(admin_email)
    admin = User.objects.filter(email__iexact=address).first()
    if admin is not None and not email_address_proven(user=admin, email=address):
        invitation, _ = invitation_create(
            organisation=organisation, email=address, roles=[Role.PROGRAMME_ADMIN], invited_by=None
        )
        return OrganisationCreated(organisation=organisation, invitation=invitation)
    if admin is None:
        admin = User.objects.create_user(address)
    for role in (Role.PROGRAMME_ADMIN, Role.LEARNER):
        RoleAssignment.objects.get_or_create(organisation=organisation, user=admin, role=role)
    return OrganisationCreated(organisation=organisation, admin=admin)
