"""``socialu people export --org SLUG --format csv|xlsx OUT``: export an organisation's people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.audiences import Audience
from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.people.exports import ExportFormat, people_export


class Command(SocialUCommand):
    help = "Export an organisation's people as CSV or XLSX (re-importable with `socialu roster import`)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export}")
        exporting = actions.add_parser("export", help="Write the people to a CSV or XLSX file.")
        exporting.add_argument("output", type=Path, help="The file to write.")
        self.add_org_argument(exporting)
        exporting.add_argument("--format", choices=["csv", "xlsx"], help="Defaults to the file's extension.")
        exporting.add_argument("--active-only", action="store_true", help="Leave out inactive people.")
        exporting.add_argument("--audience", choices=Audience.values, help="Only people in this audience.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        output: Path = options["output"]
        requested = options["format"] or output.suffix.lstrip(".").lower()
        if requested not in ("csv", "xlsx"):
            raise CommandFailedError(
                "Say which format to write: add --format csv or --format xlsx, or end the file name in .csv or .xlsx.",
                code=ExitCode.UNUSABLE,
            )
        if not output.parent.is_dir():
            raise CommandFailedError(
                f"The folder {output.parent} does not exist. Create it or choose another place for the file.",
                code=ExitCode.UNUSABLE,
            )
        export_format: ExportFormat = "csv" if requested == "csv" else "xlsx"
        count = people_export(
            organisation=organisation,
            format=export_format,
            output=output,
            active=True if options["active_only"] else None,
            audience=options["audience"],
        )
        self.stderr.write(f"Exported {count} people to {output}.")
