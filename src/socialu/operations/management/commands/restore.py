"""``socialu restore IN``: bring a backup back into an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.operations.backups import BackupError, backup_restore


class Command(SocialUCommand):
    help = (
        "Restore a backup made by `socialu backup` into an empty installation with the same kind of database, "
        "then apply newer migrations and check every table's row count."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup file (.tar.gz).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(source=options["source"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandFailedError(str(error)) from None
        if result.mismatches:
            for line in result.mismatches:
                self.stderr.write(f"  {line}")
            raise CommandFailedError(
                "The restore finished, but some tables do not hold what the backup held (above).",
                code=ExitCode.PROBLEMS,
                data={"mismatches": result.mismatches},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.rows} rows in {result.tables} tables ({result.engine}) and {result.files} file(s). "
                "Every table holds what the backup held."
            )
        )
