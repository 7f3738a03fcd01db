"""``socialu backup OUT``: a consistent online backup of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, SocialUCommand
from socialu.operations.backups import BackupError, backup_create


class Command(SocialUCommand):
    help = (
        "Back up the whole installation to one .tar.gz file: the database (SQLite's online backup, or pg_dump) "
        "and the uploaded files. Safe while SocialU is serving."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The backup file to write, such as socialu-2027-01-31.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(target=options["out"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandFailedError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {result.rows} rows in {result.tables} tables ({result.engine}) and {result.files} "
                f"file(s) to {result.path} ({result.size_bytes / 1_000_000:.1f} MB)."
            )
        )
