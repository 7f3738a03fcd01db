"""Read the social media account registry and find what needs someone's attention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from socialu.certification.models import Tier
from socialu.certification.selectors import certified_person_ids
from socialu.core.models import Organisation
from socialu.governance.models import SocialAccount, SocialAccountStatus
from socialu.people.models import Person

__all__ = [
    "ADMIN_ACTS",
    "Problem",
    "ProblemKind",
    "registry_accounts",
    "registry_problems",
    "review_due_on",
    "social_account_get",
    "uncertified_owner_problems",
]

ADMIN_ACTS = "a programme admin"


class ProblemKind:
    ORPHANED = "orphaned"
    REVIEW_OVERDUE = "review_overdue"
    NO_BACKUP = "no_backup"
    UNCERTIFIED_OWNER = "uncertified_owner"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one account, and who should put it right."""

    account: SocialAccount
    kind: str
    severity: str  # "high" or "medium"
    message: str
    who_should_act: str


def registry_accounts(*, organisation: Organisation, platform: str = "", status: str = "") -> QuerySet[SocialAccount]:
    """Return the organisation's accounts with their owners and team loaded, optionally filtered."""
    accounts = SocialAccount.objects.filter(organisation=organisation).select_related("owner", "backup_owner", "team")
    if platform:
        accounts = accounts.filter(platform=platform)
    if status:
        accounts = accounts.filter(status=status)
    return accounts.order_by("platform", "handle_key")


def social_account_get(*, organisation: Organisation, account_id: int) -> SocialAccount | None:
    """Return the organisation's account *account_id*, or None (also for another organisation's)."""
    return registry_accounts(organisation=organisation).filter(pk=account_id).first()


def review_due_on(account: SocialAccount) -> date | None:
    """Return when the account is next due for review, or None if it has never been reviewed."""
    if account.last_reviewed_on is None:
        return None
    return account.last_reviewed_on + timedelta(days=account.review_every_days)


def _active(person: Person | None) -> bool:
    return person is not None and person.is_active


def who_should_act(account: SocialAccount) -> str:
    """The owner, else the backup owner, else a programme admin (only people still active)."""
    for person in (account.owner, account.backup_owner):
        if person is not None and _active(person):
            return person.name
    return ADMIN_ACTS


def _account_problems(account: SocialAccount, today: date) -> list[Problem]:
    problems = []
    acts = who_should_act(account)
    owner, backup = account.owner, account.backup_owner
    if owner is None:
        problems.append(
            Problem(account, ProblemKind.ORPHANED, "high", "Nobody owns this account. Name an owner.", ADMIN_ACTS)
        )
    elif not owner.is_active:
        problems.append(
            Problem(
                account,
                ProblemKind.ORPHANED,
                "high",
                f"Owner has left: {owner.name} is no longer active. Name a new owner.",
                backup.name if _active(backup) and backup is not None else ADMIN_ACTS,
            )
        )
    if backup is not None and not backup.is_active:
        problems.append(
            Problem(
                account,
                ProblemKind.ORPHANED,
                "high",
                f"Backup owner has left: {backup.name} is no longer active. Name a new backup owner.",
                acts,
            )
        )
    elif backup is None:
        problems.append(
            Problem(
                account,
                ProblemKind.NO_BACKUP,
                "medium",
                "There is no backup owner: if the owner is away, nobody can post or lock the account. Name one.",
                acts,
            )
        )
    due = review_due_on(account)
    if due is None:
        problems.append(
            Problem(account, ProblemKind.REVIEW_OVERDUE, "medium", "This account has never been reviewed.", acts)
        )
    elif due < today:
        problems.append(
            Problem(
                account,
                ProblemKind.REVIEW_OVERDUE,
                "medium",
                f"The review was due on {due.day} {due:%B %Y}. Check who has access and mark it as reviewed.",
                acts,
            )
        )
    return problems


def uncertified_owner_problems(*, organisation: Organisation, accounts: Iterable[SocialAccount]) -> list[Problem]:
    """Flag each account whose active owner or backup owner is not a certified spokesperson.

    Only when the organisation certifies people (it has an active tier);
    otherwise nobody can be certified and nothing is flagged. One query for
    the tiers and one for the owners' current certificates.
    """
    accounts = list(accounts)
    if not accounts or not Tier.objects.filter(organisation=organisation, is_active=True).exists():
        return []
    owners = {
        person.pk
        for account in accounts
        for person in (account.owner, account.backup_owner)
        if person is not None and person.is_active
    }
    certified = certified_person_ids(organisation=organisation, person_ids=owners) if owners else set()
    problems = []
    for account in accounts:
        for person, role in ((account.owner, "owner"), (account.backup_owner, "backup owner")):
            if person is None or not person.is_active or person.pk in certified:
                continue
            problems.append(
                Problem(
                    account,
                    ProblemKind.UNCERTIFIED_OWNER,
                    "medium",
                    f"The {role}, {person.name}, is not a certified spokesperson. "
                    "They should complete certification, or hand the account to someone who has.",
                    person.name,
                )
            )
    return problems


def registry_problems(*, organisation: Organisation, today: date | None = None) -> list[Problem]:
    """Return every problem with the organisation's accounts that are not retired, in account order.

    A few queries however many accounts there are: the accounts with their
    owners (one join), and, when the organisation certifies people, the tiers
    and the owners' current certificates; nothing per account.
    """
    today = today or timezone.localdate()
    accounts = list(registry_accounts(organisation=organisation).exclude(status=SocialAccountStatus.RETIRED))
    uncertified: dict[int, list[Problem]] = {}
    for problem in uncertified_owner_problems(organisation=organisation, accounts=accounts):
        uncertified.setdefault(problem.account.pk, []).append(problem)
    problems: list[Problem] = []
    for account in accounts:
        problems.extend(_account_problems(account, today))
        problems.extend(uncertified.get(account.pk, []))
    return problems
