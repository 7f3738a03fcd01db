"""Reads for operating an organisation: the audit log with its filters, the jobs, erasures."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialu.core.models import AuditEntry, Organisation, ScheduledJobState
from socialu.core.scheduling import ScheduledJob, job_interval, job_states
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.operations.models import Erasure


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to; every field empty means everything."""

    actor: str = ""
    object_type: str = ""
    action: str = ""
    via: str = ""
    since: date | None = None
    until: date | None = None
    search: str = ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(*, organisation: Organisation, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """Return the organisation's audit entries, newest first, narrowed by *filters*."""
    filters = filters or AuditFilters()
    entries = AuditEntry.objects.filter(organisation=organisation)
    if filters.actor:
        entries = entries.filter(actor_label__icontains=filters.actor.strip())
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.via:
        entries = entries.filter(via=filters.via)
    if filters.since:
        entries = entries.filter(at__gte=_day_start(filters.since))
    if filters.until:
        entries = entries.filter(at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.search:
        text = filters.search.strip()
        entries = entries.filter(Q(object_label__icontains=text) | Q(object_id=text))
    return entries.order_by("-at", "-pk")


def audit_object_types(*, organisation: Organisation) -> list[tuple[str, str]]:
    """Return (object type, its name) for every kind of object the organisation's audit log mentions."""
    pairs = (
        AuditEntry.objects.filter(organisation=organisation)
        .values_list("object_type", "object_type_label")
        .distinct()
        .order_by("object_type_label")
    )
    return list(dict(pairs).items())


AUDIT_CSV_COLUMNS = [
    "When (UTC)",
    "Who",
    "Roles",
    "How",
    "API token",
    "Request id",
    "Client address",
    "Action",
    "Object type",
    "Object id",
    "Object",
    "Field",
    "Before",
    "After",
]


def audit_csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """Yield the CSV of *entries*, one row per changed field (a row without fields for an entry with none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(AUDIT_CSV_COLUMNS)
    yield flush()
    for entry in entries.iterator(chunk_size=2000):
        common = [
            entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor_label,
            entry.actor_roles,
            entry.get_via_display(),
            entry.api_token,
            entry.request_id,
            entry.client_address,
            entry.get_action_display(),
            entry.object_type_label,
            entry.object_id,
            entry.object_label,
        ]
        changes = entry.changes or {}
        for field_name, pair in changes.items() if changes else [("", ["", ""])]:
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (pair, None)
            cells = [*common, field_name, _cell(before), _cell(after)]
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
        yield flush()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class JobRow:
    """One scheduled job as an admin sees it."""

    job: ScheduledJob
    state: ScheduledJobState
    interval_hours: int


def job_rows(*, organisation: Organisation) -> list[JobRow]:
    """Return every scheduled job with the organisation's settings, last run and next run."""
    return [
        JobRow(job=job, state=state, interval_hours=int(job_interval(job, state).total_seconds() // 3600))
        for job, state in job_states(organisation=organisation)
    ]


def erasures_recent(*, organisation: Organisation, limit: int = 20) -> list[Erasure]:
    """Return the organisation's latest erasures."""
    return list(Erasure.objects.filter(organisation=organisation).order_by("-erased_at", "-pk")[:limit])
