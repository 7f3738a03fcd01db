"""Changes to policies: creating them, publishing versions, acknowledgements and reminders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import resources
from typing import Any

import yaml
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from socialu.core.audiences import Audience
from socialu.core.errors import ConflictError, InvalidInputError
from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, AcknowledgementSource, Policy, PolicyVersion
from socialu.governance.policies.selectors import pending_people, policy_versions, version_to_acknowledge
from socialu.people.models import Person
from socialu.people.selectors import people_in

__all__ = [
    "DEFAULT_POLICY_FILE",
    "GovernanceError",
    "ImportProblem",
    "ImportResult",
    "acknowledgements_import",
    "policy_acknowledge",
    "policy_create",
    "policy_install_default",
    "policy_reminders_send",
    "policy_version_publish",
]

DEFAULT_POLICY_FILE = "social-media-policy.md"
# Slugs that would clash with the pages under /policies/.
RESERVED_SLUGS = frozenset({"new", "install-default"})
_CHUNK = 500
_MAIL_BATCH = 200


class GovernanceError(InvalidInputError):
    """A governance action that cannot be done; the message tells a person what to do instead."""


class GovernanceConflictError(ConflictError, GovernanceError):
    """The action clashes with what is already recorded (a superseded version)."""


# --- Policies and versions -------------------------------------------------------------


def _clean_audiences(audiences: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(audiences))
    unknown = [value for value in chosen if value not in Audience.values]
    if unknown:
        raise GovernanceError(
            f"Unknown audience {', '.join(unknown)}. Choose from: {', '.join(Audience.values)} (or none for everyone)."
        )
    return [value for value in Audience.values if value in chosen]


@transaction.atomic
def policy_create(
    *,
    organisation: Organisation,
    title: str,
    slug: str = "",
    acknowledgement_required: bool = True,
    audiences: Iterable[str] = (),
) -> Policy:
    """Create a policy with no versions yet; publish its first version with ``policy_version_publish``."""
    title = title.strip()
    if not title:
        raise GovernanceError("Give the policy a title, such as “Social media policy”.")
    slug = (slug.strip() or slugify(title))[:80]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise GovernanceError("Use only lower-case letters, numbers and hyphens in the web address name.")
    if slug in RESERVED_SLUGS:
        raise GovernanceError(f"“{slug}” is used by SocialU itself; choose another web address name.")
    if Policy.objects.filter(organisation=organisation, slug=slug).exists():
        raise GovernanceError(f"There is already a policy called “{slug}”. Choose another web address name.")
    return Policy.objects.create(
        organisation=organisation,
        slug=slug,
        title=title,
        acknowledgement_required=acknowledgement_required,
        audiences=_clean_audiences(audiences),
    )


@transaction.atomic
def policy_version_publish(
    *,
    policy: Policy,
    summary: str,
    body: str,
    effective_on: date,
    requires_reacknowledgement: bool,
    user: Any,
) -> PolicyVersion:
    """Publish the next version of *policy*; the first version always asks everyone to acknowledge it."""
    summary, body = summary.strip(), body.strip()
    if not summary:
        raise GovernanceError("Write a short summary: what the policy says, in a few plain sentences.")
    if not body:
        raise GovernanceError("Write the policy itself in the body (Markdown is fine).")
    # Lock the policy row so that two admins publishing at once get different numbers.
    Policy.objects.select_for_update().filter(pk=policy.pk).first()
    latest = PolicyVersion.objects.filter(organisation_id=policy.organisation_id, policy=policy).aggregate(
        latest=Max("number")
    )["latest"]
    number = (latest or 0) + 1
    return PolicyVersion.objects.create(
        organisation_id=policy.organisation_id,
        policy=policy,
        number=number,
        summary=summary,
        body=body,
        effective_on=effective_on,
        published_at=timezone.now(),
        published_by=user if getattr(user, "pk", None) else None,
        requires_reacknowledgement=requires_reacknowledgement or number == 1,
    )


# --- Acknowledgement ---------------------------------------------------------------------


@transaction.atomic
def policy_acknowledge(
    *, person: Person, version: PolicyVersion, acknowledged_at: datetime | None = None
) -> Acknowledgement:
    """Record that *person* has read and understood *version*; acknowledging twice changes nothing."""
    if person.organisation_id != version.organisation_id:
        raise GovernanceError("This policy belongs to another organisation.")
    target = version_to_acknowledge(policy_versions(policy=version.policy))
    if target is not None and version.number < target.number:
        raise GovernanceConflictError(
            f"This is not the current version of the policy. Read version {target.number} and acknowledge that one."
        )
    acknowledgement, _ = Acknowledgement.objects.get_or_create(
        organisation_id=person.organisation_id,
        person=person,
        policy_version=version,
        defaults={"acknowledged_at": acknowledged_at or timezone.now(), "source": AcknowledgementSource.WEB},
    )
    return acknowledgement


# --- Importing acknowledgements collected elsewhere ------------------------------------------

IMPORT_COLUMNS = ("employee_id", "policy", "version", "acknowledged_at")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    already: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _column(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _parse_moment(text: str) -> datetime | None:
    text = text.strip()
    try:
        # A date alone means midday, so that it stays the same day in every time zone nearby.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            moment = datetime.combine(date.fromisoformat(text), time(12, 0))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment if moment <= timezone.now() else None


@transaction.atomic
def acknowledgements_import(
    *, organisation: Organisation, rows: Iterable[Mapping[str, str | None]], dry_run: bool = False
) -> ImportResult:
    """Import acknowledgements collected elsewhere: all rows or, if any is wrong, none.

    Each row names an employee id, a policy slug, a version number and when the
    person acknowledged it (``2026-03-01`` or ``2026-03-01T09:30``). Line numbers
    count the header as line 1. Importing the same file twice adds nothing.
    """
    parsed: list[tuple[int, str, str, str, str]] = []
    for index, raw in enumerate(rows, start=2):
        row = {_column(key): (value or "").strip() for key, value in raw.items() if key}
        missing = [name for name in IMPORT_COLUMNS if not row.get(name)]
        if missing:
            parsed.append((index, "", "", "", ",".join(missing)))
            continue
        parsed.append((index, row["employee_id"], row["policy"], row["version"], row["acknowledged_at"]))
    result = ImportResult(rows=len(parsed))
    employee_ids = sorted({row[1] for row in parsed if row[1]})
    people: dict[str, int] = {}
    for start in range(0, len(employee_ids), _CHUNK):
        people.update(
            people_in(organisation=organisation)
            .filter(employee_id__in=employee_ids[start : start + _CHUNK])
            .values_list("employee_id", "pk")
        )
    versions = {
        (slug, number): pk
        for slug, number, pk in PolicyVersion.objects.filter(organisation=organisation).values_list(
            "policy__slug", "number", "pk"
        )
    }
    wanted: dict[tuple[int, int], datetime] = {}
    for line, employee_id, slug, number, moment_text in parsed:
        if not employee_id:
            result.problems.append(ImportProblem(line, f"Fill in {moment_text.replace(',', ', ')}."))
            continue
        reasons = []
        if employee_id not in people:
            reasons.append(f"No one has the employee id “{employee_id}”; import the roster first or fix the id.")
        version_id = versions.get((slug, int(number))) if number.isdigit() else None
        if version_id is None:
            reasons.append(f"There is no version {number} of a policy called “{slug}”.")
        moment = _parse_moment(moment_text)
        if moment is None:
            reasons.append(f"“{moment_text}” is not a date in the past; write it as 2026-03-01 or 2026-03-01T09:30.")
        if reasons:
            result.problems.append(ImportProblem(line, " ".join(reasons)))
        elif moment is not None and version_id is not None:
            key = (people[employee_id], version_id)
            wanted[key] = min(moment, wanted.get(key, moment))
    if result.problems:
        return result
    existing: set[tuple[int, int]] = set()
    keys = list(wanted)
    for start in range(0, len(keys), _CHUNK):
        batch = keys[start : start + _CHUNK]
        existing.update(
            Acknowledgement.objects.filter(
                organisation=organisation,
                person_id__in={person for person, _ in batch},
                policy_version_id__in={version for _, version in batch},
            ).values_list("person_id", "policy_version_id")
        )
    new = [key for key in keys if key not in existing]
    result.already = len(keys) - len(new)
    result.created = len(new)
    if not dry_run:
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(
                    organisation=organisation,
                    person_id=person,
                    policy_version_id=version,
                    acknowledged_at=wanted[(person, version)],
                    source=AcknowledgementSource.IMPORT,
                )
                for person, version in new
            ],
            batch_size=_CHUNK,
            ignore_conflicts=True,
        )
    return result


# --- The default policy ------------------------------------------------------------------


def default_policy_text() -> tuple[dict[str, Any], str]:
    """Return the front matter and Markdown body of the default social media policy."""
    text = resources.files("socialu.governance.default").joinpath(DEFAULT_POLICY_FILE).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.strip() + "\n"


@transaction.atomic
def policy_install_default(*, organisation: Organisation, user: Any = None) -> tuple[Policy, bool]:
    """Install the default social media policy, version 1 published, unless it is there.

    Return the policy and whether it was installed now; running it again changes nothing.
    """
    meta, body = default_policy_text()
    existing = Policy.objects.filter(organisation=organisation, slug=meta["slug"]).first()
    if existing is not None:
        return existing, False
    policy = policy_create(
        organisation=organisation,
        title=meta["title"],
        slug=meta["slug"],
        acknowledgement_required=bool(meta.get("acknowledgement_required", True)),
        audiences=meta.get("audiences") or [],
    )
    policy_version_publish(
        policy=policy,
        summary=meta["summary"],
        body=body,
        effective_on=timezone.localdate(),
        requires_reacknowledgement=True,
        user=user,
    )
    return policy, True


# --- Reminders ---------------------------------------------------------------------------


def policy_reminders_send(*, organisation: Organisation, policy: Policy, path: str) -> int:
    """Email everyone who still has to acknowledge *policy* and has an email; return how many were sent."""
    version = version_to_acknowledge(policy_versions(policy=policy))
    if version is None or not policy.acknowledgement_required:
        raise GovernanceError("There is nothing to acknowledge yet: publish a version of this policy first.")
    link = f"{settings.SITE_URL}{path}"
    subject = f"Please read and acknowledge: {policy.title}"
    sent = 0
    recipients = pending_people(organisation=organisation, policy=policy).exclude(email="").order_by("pk")
    batch: list[tuple[str, str, str | None, list[str]]] = []
    for name, email in recipients.values_list("name", "email").iterator(chunk_size=_CHUNK):
        body = (
            f"Hello {name},\n\n{organisation.name} asks you to read the {policy.title} and confirm that you "
            f"have read and understood it. It takes a few minutes.\n\nOpen it here:\n{link}\n\n"
            "At the end, choose “I have read and understood this policy”.\n"
        )
        batch.append((subject, body, None, [email]))
        if len(batch) >= _MAIL_BATCH:
            sent += send_mass_mail(batch)
            batch = []
    if batch:
        sent += send_mass_mail(batch)
    return sent
