"""Backup and restore of a whole installation: the database and the uploaded files, in one archive.

``socialu backup OUT`` works while SocialU is serving:

* SQLite: the database is copied with SQLite's online backup API, which
  reads a consistent snapshot (in WAL mode readers never block the app's writers);
* PostgreSQL: ``pg_dump`` (custom format) reads one consistent snapshot.

The archive (``.tar.gz``) holds ``manifest.json`` (SocialU's version, the
database engine, each table's row count, the files), the database, and the
data directory's ``uploads/`` and ``media/`` folders under ``files/``.

``socialu restore IN`` brings an archive back into an *empty* installation
(no organisations and no accounts; migrated or not), with the same kind of
database, then applies any newer migrations and checks every table's row
count against the manifest.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from socialu import __version__

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
# Folders of the data directory that hold what people uploaded; the cache and collected static files are rebuilt.
FILE_FOLDERS = ("uploads", "media")

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    tables: int
    rows: int
    files: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    tables: int
    rows: int
    files: int
    mismatches: list[str]


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL; this installation uses {vendor}.")
    return vendor


def table_row_counts() -> dict[str, int]:
    """Return the number of rows in every table of the database, by table name."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _data_dir() -> Path:
    return Path(settings.DATA_DIR)


def _file_folders() -> list[tuple[str, Path]]:
    folders = [
        ("uploads", Path(settings.UPLOAD_DIR)),
        ("media", Path(_storage_location())),
    ]
    return [(name, path) for name, path in folders if name in FILE_FOLDERS]


def _storage_location() -> str:
    storages: dict[str, Any] = settings.STORAGES
    return str(storages["default"]["OPTIONS"]["location"])


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    database = settings.DATABASES["default"]
    arguments = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; install PostgreSQL's client tools (Debian: apt-get install postgresql-client)."
        )
    return found


def _sqlite_snapshot(target: Path) -> None:
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    destination = sqlite3.connect(str(target))
    try:
        # Copies a consistent snapshot page by page; the app keeps reading and writing meanwhile.
        source.backup(destination, pages=1024)
    finally:
        destination.close()
        source.close()


def _postgres_dump(target: Path) -> None:
    arguments, environment = _postgres_environment()
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip() or result.stdout.strip()}")


def backup_create(*, target: Path, progress: Progress | None = None) -> BackupResult:
    """Write a consistent backup of the database and the uploaded files to *target* (a .tar.gz file)."""
    say = progress or (lambda message: None)
    engine = _engine()
    if target.exists() and target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the backup file to write, like backup.tar.gz.")
    if not target.parent.exists():
        raise BackupError(f"The folder {target.parent} does not exist; create it or write the backup elsewhere.")
    with tempfile.TemporaryDirectory(prefix="socialu-backup-") as scratch:
        database_file = Path(scratch) / (SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER)
        say(f"Copying the {engine} database…")
        counts = table_row_counts()
        if engine == "sqlite":
            _sqlite_snapshot(database_file)
            counts = _sqlite_counts(database_file)
        else:
            _postgres_dump(database_file)
        files: list[str] = []
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database_file, arcname=database_file.name)
            for name, folder in _file_folders():
                if not folder.is_dir():
                    continue
                say(f"Adding the files in {folder}…")
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        member = f"files/{name}/{path.relative_to(folder).as_posix()}"
                        archive.add(path, arcname=member)
                        files.append(member)
            manifest = {
                "format": FORMAT,
                "socialu_version": __version__,
                "created_at": timezone.now().isoformat(),
                "engine": engine,
                "database": database_file.name,
                "tables": counts,
                "files": files,
            }
            payload = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
        partial.replace(target)
    return BackupResult(
        path=target,
        engine=engine,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        size_bytes=target.stat().st_size,
    )


def _sqlite_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(str(path))
    try:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: int(database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]) for table in tables}  # noqa: S608
    finally:
        database.close()


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This file is not a SocialU backup: it has no manifest.json.")
    manifest: dict[str, Any] = json.loads(member.read().decode())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format ({manifest.get('format')}) is not one this SocialU can read.")
    return manifest


def installation_is_empty() -> bool:
    """Return whether the database holds no organisations and no accounts (tables may exist, empty)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("core_organisation", "accounts_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone() is not None:
                    return False
    return True


def _restore_sqlite(source: Path) -> None:
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    connections.close_all()
    backup = sqlite3.connect(str(source))
    destination = sqlite3.connect(str(target), timeout=30)
    try:
        backup.backup(destination)
    finally:
        destination.close()
        backup.close()


def _restore_postgres(source: Path) -> None:
    arguments, environment = _postgres_environment()
    connections.close_all()
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        *arguments,
        str(source),
    ]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip() or result.stdout.strip()}")


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        if not member.name.startswith("files/"):
            continue
        if not member.isfile() or ".." in Path(member.name).parts or member.name.startswith("/"):
            raise BackupError(f"The backup holds an unsafe file name ({member.name!r}); it was not restored.")
        members.append(member)
    return members


def backup_restore(*, source: Path, progress: Progress | None = None) -> RestoreResult:
    """Restore the backup *source* into this (empty) installation and check every table's row count."""
    say = progress or (lambda message: None)
    engine = _engine()
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if not installation_is_empty():
        raise BackupError(
            "This installation already has organisations or accounts. Restore into an empty installation "
            "(a new SOCIALU_DATA_DIR, or a new, empty PostgreSQL database) so nothing is overwritten."
        )
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with block below
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a SocialU backup ({error}).") from None
    with archive, tempfile.TemporaryDirectory(prefix="socialu-restore-") as scratch:
        manifest = _read_manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database and this installation uses {engine}: "
                f"restore it into an installation that uses {manifest['engine']}."
            )
        members = _safe_members(archive)
        database_member = archive.extractfile(str(manifest["database"]))
        if database_member is None:
            raise BackupError("The backup has no database in it.")
        database_file = Path(scratch) / str(manifest["database"])
        with database_file.open("wb") as handle:
            shutil.copyfileobj(database_member, handle)
        say(f"Restoring the {engine} database…")
        if engine == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_postgres(database_file)
        say(f"Restoring {len(members)} uploaded file(s)…")
        folders = dict(_file_folders())
        for member in members:
            _, folder_name, relative = member.name.split("/", 2)
            if folder_name not in folders:
                continue
            destination = folders[folder_name] / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            extracted = archive.extractfile(member)
            if extracted is not None:
                with destination.open("wb") as handle:
                    shutil.copyfileobj(extracted, handle)
    say("Applying any newer migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    counts = table_row_counts()
    expected: dict[str, int] = manifest["tables"]
    mismatches = [
        f"{table}: {counts.get(table)} rows, the backup had {rows}"
        for table, rows in sorted(expected.items())
        if table != "django_migrations" and counts.get(table) != rows
    ]
    return RestoreResult(
        engine=engine, tables=len(expected), rows=sum(expected.values()), files=len(members), mismatches=mismatches
    )
