"""``socialu jobs``: list the scheduled jobs and their last and next runs, or run one by hand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import JobOutcome, Organisation
from socialu.core.scheduling import UnknownJobError, scheduled_job, scheduled_job_execute
from socialu.operations.selectors import job_rows


def _when(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


class Command(SocialUCommand):
    help = (
        "Scheduled jobs: `socialu jobs list` shows each job's settings, last and next run per organisation; "
        "`socialu jobs run KEY` runs one now (for one organisation with --org, else for all). "
        "`socialu worker` runs them on schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,run}")
        listing = actions.add_parser("list", help="Every job with its settings and last and next runs.")
        self.add_org_argument(listing, required=False)
        run = actions.add_parser("run", help="Run one job now and print its outcome.")
        run.add_argument("key", help="The job's key, as `socialu jobs list` shows it.")
        self.add_org_argument(run, required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = self.organisations(options)
        if options["action"] == "list":
            self._list(organisations, as_json=self.as_json)
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
            self.emit(rows, indent=2)
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
            raise CommandFailedError(str(error), code=ExitCode.CANNOT_RUN) from None
        failed = 0
        for organisation in organisations:
            state = scheduled_job_execute(organisation=organisation, job_key=job.key, trigger="by the command line")
            self.stdout.write(f"{organisation.slug}: {state.get_last_outcome_display()}. {state.last_summary}")
            failed += state.last_outcome == JobOutcome.FAILED
        if failed:
            raise CommandFailedError(f"{failed} run(s) of {job.key} failed (above).", code=ExitCode.PROBLEMS)
