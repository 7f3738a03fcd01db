"""Import the social media account registry from a CSV, and export it to one.

An import is all rows or none: if any row is wrong, nothing is written and
each wrong row is reported with its line number (the header is line 1).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from socialu.core.models import Organisation
from socialu.core.spreadsheets import FORMULA_PREFIXES, spreadsheet_safe
from socialu.core.text import strip_control_characters
from socialu.core.web_addresses import web_address_problem
from socialu.governance.models import SocialAccount, SocialAccountStatus, SocialPlatform
from socialu.governance.registry.services import NO_SECRETS, SECRET_WORDS, handle_clean, handle_key
from socialu.people.selectors import people_in, units_in

__all__ = ["REGISTRY_COLUMNS", "RegistryImportResult", "RowProblem", "registry_csv_lines", "registry_import"]

REGISTRY_COLUMNS = (
    "platform",
    "handle",
    "url",
    "purpose",
    "audience",
    "owner_employee_id",
    "backup_owner_employee_id",
    "team",
    "status",
    "last_reviewed_on",
    "review_every_days",
    "credentials_reference",
    "notes",
)
_TEXT = ("url", "purpose", "audience", "credentials_reference", "notes")
_CHUNK = 500


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass
class RegistryImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _column(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _unquote(value: str) -> str:
    """Undo spreadsheet_safe, so that an exported file imports back unchanged."""
    value = value.strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def secret_column(columns: Iterable[str]) -> str | None:
    """Return the first column whose name suggests a password or other secret, if any."""
    return next((name for name in columns if any(word in name.lower() for word in SECRET_WORDS)), None)


def _people(organisation: Organisation, employee_ids: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ids = sorted(employee_ids)
    for start in range(0, len(ids), _CHUNK):
        found.update(
            people_in(organisation=organisation)
            .filter(employee_id__in=ids[start : start + _CHUNK])
            .values_list("employee_id", "pk")
        )
    return found


def _units(organisation: Organisation) -> dict[str, int | None]:
    """Map unit paths and names (lower case) to ids; a name used by two units maps to None."""
    by_path: dict[str, int | None] = {}
    by_name: dict[str, int | None] = {}
    for pk, name, path in units_in(organisation=organisation).values_list("pk", "name", "path"):
        by_path[path.lower()] = pk
        key = name.lower()
        by_name[key] = None if key in by_name else pk
    return {**by_name, **by_path}


def _platform(text: str) -> str | None:
    text = text.strip().lower()
    if text == "twitter":
        return SocialPlatform.X
    for value, label in SocialPlatform.choices:
        if text in (value, str(label).lower()):
            return value
    return None


@transaction.atomic
def registry_import(
    *, organisation: Organisation, rows: Iterable[Mapping[str, str | None]], dry_run: bool = False
) -> RegistryImportResult:
    """Add or update accounts from CSV rows, matched by platform and handle: all rows or none."""
    parsed = [
        # Control characters (NUL, BEL, ESC…) are dropped from every cell, as everywhere text is stored.
        (line, {_column(k): strip_control_characters(_unquote(v or "")) for k, v in raw.items() if k}, list(raw))
        for line, raw in enumerate(rows, start=2)
    ]
    result = RegistryImportResult(rows=len(parsed))
    columns = {name for _, _, names in parsed for name in names if name}
    secret = secret_column(sorted(columns))
    if secret:
        result.problems.append(RowProblem(1, f"Remove the '{secret}' column: {NO_SECRETS}"))
        return result
    people = _people(
        organisation,
        {row[k] for _, row, _ in parsed for k in ("owner_employee_id", "backup_owner_employee_id") if row.get(k)},
    )
    units = _units(organisation)
    seen: dict[tuple[str, str], int] = {}
    wanted: list[tuple[str, str, dict[str, Any]]] = []
    for line, row, _ in parsed:
        reasons: list[str] = []
        platform = _platform(row.get("platform", ""))
        if platform is None:
            reasons.append(
                f"Unknown platform “{row.get('platform', '')}”; use one of: {', '.join(SocialPlatform.values)}."
            )
        key = handle_key(row.get("handle", ""))
        if not key:
            reasons.append("Fill in the handle.")
        elif platform is not None:
            if (platform, key) in seen:
                reasons.append(f"The handle “{key}” on {platform} is also on line {seen[(platform, key)]}.")
            else:
                seen[(platform, key)] = line
        values: dict[str, Any] = {name: row.get(name, "") for name in _TEXT}
        url_problem = web_address_problem(values["url"], what="The url")
        if url_problem:
            reasons.append(url_problem)
        for column, name in (("owner_employee_id", "owner_id"), ("backup_owner_employee_id", "backup_owner_id")):
            employee_id = row.get(column, "")
            values[name] = people.get(employee_id) if employee_id else None
            if employee_id and values[name] is None:
                reasons.append(
                    f"No one has the employee id “{employee_id}” ({column}); fix the id or import the roster."
                )
        team = row.get("team", "")
        values["team_id"] = units.get(team.lower()) if team else None
        if team and values["team_id"] is None:
            reasons.append(f"There is no single team called “{team}”; use its full path from the unit tree.")
        status = (row.get("status") or SocialAccountStatus.ACTIVE).lower()
        if status not in SocialAccountStatus.values:
            reasons.append(f"Unknown status “{status}”; use one of: {', '.join(SocialAccountStatus.values)}.")
        values["status"] = status
        reviewed = row.get("last_reviewed_on", "")
        try:
            values["last_reviewed_on"] = date.fromisoformat(reviewed) if reviewed else None
        except ValueError:
            reasons.append(f"“{reviewed}” is not a date; write it as 2026-03-01.")
        every = row.get("review_every_days", "") or "180"
        if not every.isdigit() or not 1 <= int(every) <= 3650:
            reasons.append(f"Review every “{every}” days is not a whole number from 1 to 3650.")
        else:
            values["review_every_days"] = int(every)
        if reasons:
            result.problems.append(RowProblem(line, " ".join(reasons)))
        elif platform is not None:
            values["handle"] = handle_clean(row["handle"])
            wanted.append((platform, key, values))
    if result.problems:
        return result
    existing = {
        (account.platform, account.handle_key): account
        for account in SocialAccount.objects.filter(organisation=organisation)
    }
    for platform, key, values in wanted:
        account = existing.get((platform, key))
        if account is None:
            result.created += 1
            if not dry_run:
                SocialAccount.objects.create(organisation=organisation, platform=platform, handle_key=key, **values)
            continue
        changed = {name: value for name, value in values.items() if getattr(account, name) != value}
        if changed:
            result.updated += 1
            if not dry_run:
                for name, value in changed.items():
                    setattr(account, name, value)
                account.save()
    return result


class _Echo:
    def write(self, value: str) -> str:
        return value


def registry_rows(*, organisation: Organisation) -> Iterator[list[str]]:
    """Yield one row per account in REGISTRY_COLUMNS order, each cell safe to open in a spreadsheet."""
    accounts = SocialAccount.objects.filter(organisation=organisation).select_related("owner", "backup_owner", "team")
    for account in accounts.order_by("platform", "handle_key"):
        values = [
            account.platform,
            account.handle,
            account.url,
            account.purpose,
            account.audience,
            account.owner.employee_id if account.owner else "",
            account.backup_owner.employee_id if account.backup_owner else "",
            account.team.path if account.team else "",
            account.status,
            account.last_reviewed_on.isoformat() if account.last_reviewed_on else "",
            str(account.review_every_days),
            account.credentials_reference,
            account.notes,
        ]
        yield [spreadsheet_safe(value) for value in values]


def registry_csv_lines(*, organisation: Organisation) -> Iterator[bytes]:
    """Yield the registry as CSV, starting with a byte-order mark for spreadsheets."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode() + writer.writerow(REGISTRY_COLUMNS).encode()
    for row in registry_rows(organisation=organisation):
        yield writer.writerow(row).encode()
