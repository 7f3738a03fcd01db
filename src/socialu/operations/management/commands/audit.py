"""``socialu audit``: read an organisation's audit log, or write it to CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, SocialUCommand
from socialu.operations.selectors import AuditFilters, audit_csv_lines, audit_entries


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandFailedError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(SocialUCommand):
    help = "The audit log of one organisation: who changed what and when, newest first; --csv FILE to export."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_org_argument(parser)
        parser.add_argument("--actor", default="", help="Only changes by someone whose email contains this.")
        parser.add_argument("--type", dest="object_type", default="", help="Only this kind of object (app.model).")
        parser.add_argument("--action", default="", choices=["", "created", "updated", "deleted"])
        parser.add_argument("--since", default="", help="From this day (YYYY-MM-DD).")
        parser.add_argument("--until", default="", help="Up to and including this day (YYYY-MM-DD).")
        parser.add_argument("--limit", type=int, default=50, help="How many entries to print (default 50).")
        parser.add_argument("--csv", type=Path, help="Write every matching entry to this CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        filters = AuditFilters(
            actor=options["actor"],
            object_type=options["object_type"],
            action=options["action"],
            since=_day(options["since"]) if options["since"] else None,
            until=_day(options["until"]) if options["until"] else None,
        )
        entries = audit_entries(organisation=organisation, filters=filters)
        if options["csv"]:
            with options["csv"].open("w", encoding="utf-8", newline="") as handle:
                for chunk in audit_csv_lines(entries):
                    handle.write(chunk)
            self.stdout.write(f"Wrote {entries.count()} audit entries to {options['csv']}.")
            return
        shown = list(entries[: max(options["limit"], 1)])
        if options["json"]:
            rows = [
                {
                    "at": entry.at.isoformat(),
                    "actor": entry.actor_label,
                    "via": entry.via,
                    "action": entry.action,
                    "object_type": entry.object_type,
                    "object_id": entry.object_id,
                    "object": entry.object_label,
                    "changes": entry.changes,
                }
                for entry in shown
            ]
            self.emit(rows, indent=2, ensure_ascii=False)
            return
        for entry in shown:
            fields = ", ".join(sorted(entry.changes)) if entry.changes else ""
            self.stdout.write(
                f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.actor_label} {entry.action} {entry.object_type_label} "
                f"“{entry.object_label}” (#{entry.object_id}){': ' + fields if fields else ''}"
            )
