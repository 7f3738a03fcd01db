"""Changes to the social media account registry: adding, editing, reviewing and retiring accounts.

SocialU never stores an account's password or any other secret, only where it
is kept (``credentials_reference``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.core.text import clean_text
from socialu.core.web_addresses import web_address_problem
from socialu.governance.models import SocialAccount, SocialAccountStatus, SocialPlatform
from socialu.people.models import Person, Unit
from socialu.people.selectors import people_in

__all__ = [
    "EDITABLE_FIELDS",
    "RegistryError",
    "handle_clean",
    "handle_key",
    "person_find",
    "social_account_create",
    "social_account_retire",
    "social_account_review",
    "social_account_update",
]

EDITABLE_FIELDS = (
    "platform",
    "handle",
    "url",
    "purpose",
    "audience",
    "owner",
    "backup_owner",
    "team",
    "status",
    "last_reviewed_on",
    "review_every_days",
    "credentials_reference",
    "notes",
)
SECRET_WORDS = ("password", "secret", "token", "passcode")
NO_SECRETS = "SocialU never stores credentials, only where they are kept."


class RegistryError(InvalidInputError):
    """A registry change that cannot be made; the message tells a person what to do instead."""


def handle_key(handle: str) -> str:
    """Return the handle as compared for uniqueness: no leading @, lower case."""
    return handle_clean(handle).lower()


def handle_clean(handle: str) -> str:
    """Return the handle as stored: trimmed, without a leading @ (the case is kept)."""
    return handle.strip().lstrip("@").strip()


def person_find(*, organisation: Organisation, reference: str) -> Person | None:
    """Return the person with this employee id or email in *organisation*, or None."""
    reference = reference.strip()
    if not reference:
        return None
    people = people_in(organisation=organisation)
    if "@" in reference:
        return people.filter(email__iexact=reference).first()
    return people.filter(employee_id=reference).first()


def _clean(organisation: Organisation, values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    secret = [name for name in unknown if any(word in name.lower() for word in SECRET_WORDS)]
    if secret:
        raise RegistryError(f"Remove the “{secret[0]}” field: {NO_SECRETS}")
    if unknown:
        raise RegistryError(f"Unknown field {', '.join(unknown)}.")
    cleaned = dict(values)
    if "handle" in cleaned:
        cleaned["handle"] = handle_clean(clean_text(str(cleaned["handle"])))
        if not handle_key(cleaned["handle"]):
            raise RegistryError("Give the account's handle, such as @kestrel_uk.")
    if "platform" in cleaned and cleaned["platform"] not in SocialPlatform.values:
        raise RegistryError(
            f"Unknown platform “{cleaned['platform']}”. Choose from: {', '.join(SocialPlatform.values)}."
        )
    if "status" in cleaned and cleaned["status"] not in SocialAccountStatus.values:
        raise RegistryError(
            f"Unknown status “{cleaned['status']}”. Choose from: {', '.join(SocialAccountStatus.values)}."
        )
    for name in ("owner", "backup_owner"):
        person = cleaned.get(name)
        if person is not None and person.organisation_id != organisation.pk:
            raise RegistryError("The owner must be someone in this organisation.")
    team = cleaned.get("team")
    if isinstance(team, Unit) and team.organisation_id != organisation.pk:
        raise RegistryError("The team must be part of this organisation.")
    if "review_every_days" in cleaned:
        days = cleaned["review_every_days"]
        if not isinstance(days, int) or not 1 <= days <= 3650:
            raise RegistryError("Review every 1 to 3650 days (180 is about six months).")
    for name in ("url", "purpose", "audience", "credentials_reference", "notes"):
        if name in cleaned:
            cleaned[name] = clean_text(str(cleaned[name] or ""), multiline=name == "notes").strip()
    problem = web_address_problem(cleaned.get("url") or "", what="The account's web address")
    if problem:
        raise RegistryError(problem)
    return cleaned


def _check_unique(organisation: Organisation, platform: str, key: str, exclude_pk: int | None) -> None:
    clash = SocialAccount.objects.filter(organisation=organisation, platform=platform, handle_key=key)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        label = SocialPlatform(platform).label
        raise RegistryError(f"{label} account @{key} is already in the registry. Edit that one instead.")


@transaction.atomic
def social_account_create(*, organisation: Organisation, **values: Any) -> SocialAccount:
    """Add an account to the registry; platform and handle are required, the rest is optional."""
    cleaned = _clean(organisation, values)
    if "platform" not in cleaned or "handle" not in cleaned:
        raise RegistryError("Give the platform and the handle.")
    key = handle_key(cleaned["handle"])
    _check_unique(organisation, cleaned["platform"], key, None)
    return SocialAccount.objects.create(organisation=organisation, handle_key=key, **cleaned)


@transaction.atomic
def social_account_update(*, account: SocialAccount, **values: Any) -> SocialAccount:
    """Change some of an account's details."""
    organisation = account.organisation
    cleaned = _clean(organisation, values, exclude_pk=account.pk)
    for name, value in cleaned.items():
        setattr(account, name, value)
    account.handle_key = handle_key(account.handle)
    _check_unique(organisation, account.platform, account.handle_key, account.pk)
    account.save()
    return account


def social_account_review(*, account: SocialAccount, user: Any = None, today: date | None = None) -> SocialAccount:
    """Record that someone has checked the account today: who has access, and that it is still needed."""
    account.last_reviewed_on = today or timezone.localdate()
    account.save(update_fields=["last_reviewed_on", "updated_at"])
    return account


def social_account_retire(*, account: SocialAccount) -> SocialAccount:
    """Mark the account as retired: it stays in the registry for the record, with no checks."""
    account.status = SocialAccountStatus.RETIRED
    account.save(update_fields=["status", "updated_at"])
    return account
