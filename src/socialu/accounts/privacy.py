"""What the accounts app holds about a person (sign-in account, roles, tokens, invitations) and its erasure."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from socialu.accounts.models import ApiToken, Invitation, User
from socialu.core.models import RoleAssignment
from socialu.core.privacy import (
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)


def account_rows(person: Any) -> list[Row]:
    """Return the sign-in account linked to the person, their roles here, tokens (never secrets) and invitations."""
    rows: list[Row] = []
    if person.user_id:
        for row in rows_of(
            User.objects.filter(pk=person.user_id).values("email", "display_name", "date_joined", "last_login")
        ):
            rows.append({"record": "account", **row})
        for row in rows_of(
            RoleAssignment.objects.filter(organisation_id=person.organisation_id, user_id=person.user_id).values(
                "role", "created_at"
            )
        ):
            rows.append({"record": "role", **row})
        for row in rows_of(
            ApiToken.objects.filter(user_id=person.user_id).values(
                "name", "prefix", "created_at", "last_used_at", "revoked_at"
            )
        ):
            rows.append({"record": "api token", **row})
    for row in rows_of(
        Invitation.objects.filter(organisation_id=person.organisation_id, email__iexact=person.email).values(
            "email", "roles", "created_at", "expires_at", "accepted_at", "revoked_at"
        )
    ):
        rows.append({"record": "invitation", **row})
    return rows


def account_erase(person: Any) -> ErasureOutcome:
    """Remove the person's roles and invitations here; close their account if no other organisation uses it."""
    rows = Invitation.objects.filter(organisation_id=person.organisation_id, email__iexact=person.email).delete()[0]
    if not person.user_id:
        return ErasureOutcome(rows=rows)
    user_id = person.user_id
    rows += RoleAssignment.objects.filter(organisation_id=person.organisation_id, user_id=user_id).delete()[0]
    if RoleAssignment.objects.filter(user_id=user_id).exists():
        # The account also signs in to another organisation: that organisation's data stays its own.
        return ErasureOutcome(rows=rows)
    user = User.objects.get(pk=user_id)
    user.email = f"erased-user-{user_id}@erased.invalid"
    user.display_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "display_name", "is_active", "password"])
    rows += ApiToken.objects.filter(user_id=user_id).delete()[0]
    rows += EmailAddress.objects.filter(user_id=user_id).delete()[0]
    rows += Authenticator.objects.filter(user_id=user_id).delete()[0]
    return ErasureOutcome(rows=rows + 1, objects=(("accounts.user", str(user_id)),))


def privacy_register() -> None:
    """Add the sign-in account to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="account",
            title="Your sign-in account",
            description="Your account, your roles in this organisation, your API tokens (never their secrets) "
            "and the invitations sent to you.",
            collect=account_rows,
            order=20,
        )
    )
    person_eraser_register(PersonEraser(key="accounts.account", erase=account_erase, order=500))
