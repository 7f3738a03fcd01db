"""``socialu jobs``: list the scheduled jobs and their last and next runs, or run one by hand."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialu.core.models import JobOutcome, Organisation
from socialu.core.scheduling import UnknownJobError, scheduled_job, scheduled_job_execute
from socialu.operations.selectors import job_rows


def _when(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


class Command(BaseCommand):
    help = (
        "Scheduled jobs: `socialu jobs list` shows each job's settings, last and next run per organisation; "
        "`socialu jobs run KEY` runs one now (for one organisation with --org, else for all). "
        "`socialu worker` runs them on schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,run}")
        listing = actions.add_parser("list", help="Every job with its settings and last and next runs.")
        listing.add_argument("--org", default="", help="Only this organisation (slug).")
        listing.add_argument("--json", action="store_true", help="Print as JSON.")
        run = actions.add_parser("run", help="Run one job now and print its outcome.")
        run.add_argument("key", help="The job's key, as `socialu jobs list` shows it.")
        run.add_argument("--org", default="", help="Only this organisation (slug); default every organisation.")

    def _organisations(self, slug: str) -> list[Organisation]:
        if not slug:
            return list(Organisation.objects.order_by("slug"))
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"There is no organisation with the slug {slug!r} (see `socialu org list`).")
        return [organisation]

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = self._organisations(options["org"])
        if options["action"] == "list":
            self._list(organisations, as_json=options["json"])
        else:
            self._run(organisations, options["key"])

    def _list(self, organisations: list[Organisation], *, as_json: bool) -> None:
        rows = [
            {
                "organisation": organisation.slug,
                "job": row.job.key,
                "title": row.job.title,
                "enabled": row.state.enabled,
                "every_hours": row.interval_hours,
                "last_started_at": _when(row.state.last_started_at),
                "last_outcome": row.state.last_outcome or None,
                "last_summary": row.state.last_summary or None,
                "next_run_at": _when(row.state.next_run_at) if row.state.enabled else None,
            }
            for organisation in organisations
            for row in job_rows(organisation=organisation)
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            state = "on" if row["enabled"] else "off"
            last = f"{row['last_started_at']} {row['last_outcome']}" if row["last_started_at"] else "never run"
            self.stdout.write(
                f"{row['organisation']:<16} {row['job']:<34} {state:<3} every {row['every_hours']}h  "
                f"last: {last}  next: {row['next_run_at'] or '-'}"
            )

    def _run(self, organisations: list[Organisation], key: str) -> None:
        try:
            job = scheduled_job(key)
        except UnknownJobError as error:
            raise CommandError(str(error)) from None
        failed = 0
        for organisation in organisations:
            state = scheduled_job_execute(organisation=organisation, job_key=job.key, trigger="by the command line")
            self.stdout.write(f"{organisation.slug}: {state.get_last_outcome_display()}. {state.last_summary}")
            failed += state.last_outcome == JobOutcome.FAILED
        if failed:
            raise SystemExit(1)
