"""``socialu roster import FILE --org SLUG``: import people from an HR export."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import CommandParser, OutputWrapper
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.roster import (
    ImportChoices,
    RosterImportError,
    RosterImportResult,
    roster_import,
    roster_read_headers,
)


def raw_stream(wrapper: OutputWrapper) -> IO[str]:
    """Return the stream under a command's output wrapper, for rich to write to."""
    return cast("IO[str]", wrapper._out)


def parse_mapping(entries: list[str]) -> dict[str, str]:
    """Turn ["Header=field", ...] into a mapping; fail with exit code 2 for a malformed entry."""
    mapping: dict[str, str] = {}
    for entry in entries:
        header, separator, field = entry.rpartition("=")
        if not separator or not header.strip():
            raise CommandFailedError(
                f'--map {entry!r} is not of the form "Header=field", e.g. --map "Staff Ref=employee_id".',
                code=ExitCode.UNUSABLE,
            )
        mapping[header.strip()] = field.strip()
    return mapping


class Command(SocialUCommand):
    help = "Import a roster (CSV or XLSX) into an organisation, or show how its columns would be read."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,headers}")
        importing = actions.add_parser("import", help="Import the people in a roster file.")
        importing.add_argument("file", type=Path, help="The CSV or XLSX file exported from the HR system.")
        self.add_org_argument(importing)
        importing.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        importing.add_argument(
            "--full-sync", action="store_true", help="Deactivate active people who are not in the file."
        )
        importing.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="Read a column as a field (repeatable); FIELD 'ignore' skips the column.",
        )
        importing.add_argument(
            "--encoding",
            default="",
            help="Read a CSV file in this encoding (utf-8, utf-16, windows-1252, iso-8859-1…) instead of detecting it.",
        )
        importing.add_argument(
            "--confirm-deactivations",
            action="store_true",
            help="Allow a full sync to deactivate more than the allowed share (10 %% by default) of active people.",
        )
        headers = actions.add_parser("headers", help="Show a file's columns and the fields they map to.")
        headers.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "headers":
            self._headers(options["file"])
            return
        organisation = self.organisation(options)
        mapping = parse_mapping(options["map"])
        try:
            if self.as_json:
                result = self._import(organisation, options, mapping, progress=None)
            else:
                result = self._import_with_progress(organisation, options, mapping)
        except RosterImportError as error:
            raise CommandFailedError(str(error), code=ExitCode.UNUSABLE) from error
        if self.as_json:
            self.emit(result.to_dict())
        else:
            self._summary(result)
        if result.rejected and not result.dry_run:
            raise CommandFailedError(
                f"{result.rejected} row(s) were rejected, so nothing was imported. "
                "Correct them and run the import again (add --dry-run to check first).",
                code=ExitCode.PROBLEMS,
            )

    def _import(
        self, organisation: Organisation, options: dict[str, Any], mapping: dict[str, str], progress: Any
    ) -> RosterImportResult:
        path: Path = options["file"]
        return roster_import(
            organisation=organisation,
            path=path,
            filename=path.name,
            mapping=mapping or None,
            dry_run=bool(options["dry_run"]),
            full_sync=bool(options["full_sync"]),
            progress=progress,
            choices=ImportChoices(
                encoding=options.get("encoding") or None,
                confirm_deactivations=bool(options.get("confirm_deactivations")),
            ),
        )

    def _import_with_progress(
        self, organisation: Organisation, options: dict[str, Any], mapping: dict[str, str]
    ) -> RosterImportResult:
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        console = self._console()
        if console is None:  # not a terminal: no bar
            return self._import(organisation, options, mapping, progress=None)
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("Reading rows", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return self._import(organisation, options, mapping, progress)

    def _output(self) -> Console:
        return Console(file=raw_stream(self.stdout), width=120, soft_wrap=True)

    def _summary(self, result: RosterImportResult) -> None:
        console = self._output()
        if result.dry_run:
            heading = "Dry run: nothing was written. This is what the import would do."
        elif result.applied:
            heading = "The roster was imported."
        else:
            heading = "Nothing was imported because some rows were rejected."
        console.print(heading, highlight=False)
        counts = (
            f"{result.rows} rows: {result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.deactivated} deactivated, {result.rejected} rejected; {result.units_created} new units."
        )
        console.print(counts, highlight=False)
        self._file_notes(console, result)
        if not result.errors:
            return
        table = Table(
            "Line", "Employee ID", "Column", "Value", "What to do", title="Rejected rows", title_justify="left"
        )
        for error in result.errors:
            table.add_row(str(error.line), error.employee_id, error.column, error.value, error.message)
        console.print(table)

    @staticmethod
    def _file_notes(console: Console, result: RosterImportResult) -> None:
        """Print how the file was read: encoding, sample names, ignored columns and warnings."""
        if result.encoding:
            certainty = "" if result.encoding_certain else " (not certain)"
            console.print(f"Encoding: {result.encoding}{certainty}.", highlight=False)
        if result.sample_names:
            console.print(f"Sample names as read: {'; '.join(result.sample_names)}", highlight=False)
        if result.unmapped_columns:
            console.print(f"Columns not imported: {', '.join(result.unmapped_columns)}", highlight=False)
        for warning in result.warnings:
            console.print(f"Warning: {warning}", highlight=False)
        for rule in result.audience_rules:
            console.print(f"{rule['rule']}: {rule['people']} people", highlight=False)

    def _headers(self, path: Path) -> None:
        try:
            headers, mapping = roster_read_headers(path=path, filename=path.name)
        except RosterImportError as error:
            raise CommandFailedError(str(error), code=ExitCode.UNUSABLE) from error
        if self.as_json:
            self.emit({"columns": [{"column": header, "read_as": mapping.get(header, "")} for header in headers]})
            return
        console = self._output()
        table = Table("Column in the file", "Read as")
        for header in headers:
            table.add_row(header, mapping.get(header, "(ignored)"))
        console.print(table)
