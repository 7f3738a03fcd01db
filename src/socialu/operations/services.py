"""Operating an organisation's SocialU: a person's data export and erasure, retention, the operating settings."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialu import __version__
from socialu.core.audit import audit_entry_write, audit_suppressed
from socialu.core.errors import InvalidInputError
from socialu.core.models import AuditAction, AuditEntry, Organisation
from socialu.core.privacy import ERASED_NAME, PersonDataSection, person_data_sections, person_erasers
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.operations.models import Erasure, ErasureTrigger
from socialu.people.models import Person
from socialu.people.selectors import people_inactive_before, person_is_erased


class OperationsError(InvalidInputError):
    """A request about operating SocialU that cannot be carried out; the message says what to do."""


# --- Export -----------------------------------------------------------------------------------


def _csv_text(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False, sort_keys=True)
            cells.append(spreadsheet_safe(value))
        writer.writerow(cells)
    return buffer.getvalue()


def _readme(person: Person, organisation: Organisation, sections: list[tuple[PersonDataSection, int]]) -> str:
    lines = [
        f"Everything SocialU holds about {person.name} in {organisation.name}",
        f"Exported {timezone.now():%Y-%m-%d %H:%M} UTC by SocialU {__version__}.",
        "",
        "Each part is here twice: as JSON (complete, for programs) and as CSV (for a spreadsheet).",
        "",
    ]
    for section, count in sections:
        lines.append(f"{section.key}.json / {section.key}.csv — {section.title}: {count} row(s).")
        lines.append(f"    {section.description}")
    return "\n".join(lines) + "\n"


def person_data_export(*, person: Person) -> bytes:
    """Return a ZIP of everything SocialU holds about *person*: a JSON and a CSV file per part, and a README."""
    organisation = Organisation.objects.get(pk=person.organisation_id)
    collected: list[tuple[PersonDataSection, list[dict[str, Any]]]] = [
        (section, section.collect(person)) for section in person_data_sections()
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, organisation, [(s, len(rows)) for s, rows in collected]))
        everything = {
            "organisation": organisation.name,
            "exported_at": timezone.now().isoformat(),
            "sections": {section.key: {"title": section.title, "rows": rows} for section, rows in collected},
        }
        archive.writestr("everything.json", json.dumps(everything, ensure_ascii=False, indent=2, default=str))
        for section, rows in collected:
            archive.writestr(f"{section.key}.json", json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            archive.writestr(f"{section.key}.csv", _csv_text(rows))
    return buffer.getvalue()


def export_filename(person: Person) -> str:
    """Return the download name of *person*'s export."""
    return f"socialu-data-{person.organisation_id}-{person.pk}.zip"


# --- Erasure ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    person_id: int
    rows: int


def _scrub_audit_log(organisation_id: int, objects: set[tuple[str, str]], user_id: int | None) -> None:
    """Remove the erased person's data from earlier audit entries: the record of changes keeps no copy of it."""
    for object_type, object_id in objects:
        AuditEntry.objects.filter(organisation_id=organisation_id, object_type=object_type, object_id=object_id).update(
            object_label=ERASED_NAME, changes={}
        )
    if user_id is not None:
        AuditEntry.objects.filter(actor_id=user_id).update(actor_label=ERASED_NAME)


@transaction.atomic
def person_erase(*, person: Person, erased_by: Any = None, trigger: str = ErasureTrigger.REQUEST) -> ErasureResult:
    """Anonymise everything SocialU holds about *person*, keeping the rows that figures are counted from.

    Every app's eraser runs (``core.privacy``), in one transaction: all of it
    happens or none of it. Their certificates are revoked, so public
    verification answers "revoked". The audit log records that an erasure
    happened, and earlier entries lose their copies of the person's data.
    """
    if person_is_erased(person):
        raise OperationsError("This person's data has already been erased.")
    user_id = person.user_id
    rows = 0
    touched: set[tuple[str, str]] = set()
    with audit_suppressed():
        for eraser in person_erasers():
            outcome = eraser.erase(person)
            rows += outcome.rows
            touched.update(outcome.objects)
        _scrub_audit_log(person.organisation_id, touched, user_id)
        user = erased_by if erased_by is not None and getattr(erased_by, "pk", None) else None
        Erasure.objects.create(
            organisation_id=person.organisation_id,
            person_id=person.pk,
            erased_at=timezone.now(),
            erased_by=user,
            erased_by_label=str(getattr(user, "email", "")) or "the retention schedule",
            trigger=trigger,
            rows=rows,
        )
    audit_entry_write(
        organisation_id=person.organisation_id,
        action=AuditAction.UPDATED,
        object_type="people.person",
        object_type_label="person",
        object_id=str(person.pk),
        object_label=ERASED_NAME,
        changes={"personal data": ["present", f"erased ({ErasureTrigger(trigger).label.lower()})"]},
    )
    person.refresh_from_db()
    return ErasureResult(person_id=person.pk, rows=rows)


def inactive_people_erase(*, organisation: Organisation, limit: int = 1000) -> int:
    """Erase people inactive for longer than the organisation keeps them; return how many (at most *limit*)."""
    days = organisation.inactive_person_retention_days
    if not days:
        return 0
    before = timezone.now() - timedelta(days=days)
    erased = 0
    for person in people_inactive_before(organisation=organisation, before=before)[:limit]:
        person_erase(person=person, trigger=ErasureTrigger.RETENTION)
        erased += 1
    return erased


# --- Settings ---------------------------------------------------------------------------------


def operations_settings_update(
    *,
    organisation: Organisation,
    require_mfa_for_admins: bool,
    upload_retention_days: int,
    inactive_person_retention_days: int | None,
) -> Organisation:
    """Save the organisation's operating settings, checking each is in range."""
    if not 1 <= upload_retention_days <= 3650:
        raise OperationsError("Keep uploaded roster files for 1 to 3650 days.")
    if inactive_person_retention_days is not None and not 30 <= inactive_person_retention_days <= 36500:
        raise OperationsError("Erase inactive people after 30 to 36500 days, or leave it empty to keep them.")
    organisation.require_mfa_for_admins = require_mfa_for_admins
    organisation.upload_retention_days = upload_retention_days
    organisation.inactive_person_retention_days = inactive_person_retention_days
    organisation.save(
        update_fields=["require_mfa_for_admins", "upload_retention_days", "inactive_person_retention_days"]
    )
    return organisation
