"""Separate SocialU installations for tests that run the real ``socialu`` command in subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

SAMPLE_ROWS = 5


def postgres_url() -> str | None:
    """Return the suite's PostgreSQL URL when the suite runs on PostgreSQL, else None."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def postgres_database_create(url: str, suffix: str) -> str:
    """Create (afresh) a database named after the suite's one plus *suffix*; return its URL."""
    base = urlsplit(url).path.lstrip("/") or "socialu"
    name = f"{base}_{suffix}"
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return _with_database(url, name)


def postgres_database_drop(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Installation:
    """One installation: its data directory and, on PostgreSQL, its database."""

    data_dir: Path
    database_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)

    def environment(self) -> dict[str, str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SOCIALU_", "DATABASE_URL", "DJANGO_", "PYTEST"))
        }
        environment.update(
            {
                "SOCIALU_ALLOW_DEVELOPMENT_KEY": "1",
                "SOCIALU_HTTPS": "false",
                "SOCIALU_DATA_DIR": str(self.data_dir),
                "SOCIALU_LOG_FORMAT": "text",
                "SOCIALU_REQUEST_LOG": "false",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "SOCIALU_DEMO_PASSWORD": "demo-password-for-tests",
            }
        )
        if self.database_url:
            environment["DATABASE_URL"] = self.database_url
        environment.update(self.extra)
        return environment

    def run(self, *arguments: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "socialu", *arguments],
            env=self.environment(),
            cwd=self.data_dir.parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"socialu {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    @contextmanager
    def serving(self, *arguments: str) -> Iterator[int]:
        """Run ``socialu serve`` on a free port for the duration of the block; yield the port."""
        port = free_port()
        with self.serving_on(port, *arguments):
            yield port

    @contextmanager
    def serving_on(self, port: int, *arguments: str) -> Iterator[None]:
        """Run ``socialu serve`` on *port* for the duration of the block."""
        # Its own process group: `socialu serve` starts gunicorn as a child, and the whole group is stopped.
        process = subprocess.Popen(
            [sys.executable, "-m", "socialu", "serve", "--port", str(port), "--workers", "1", *arguments],
            env=self.environment(),
            cwd=self.data_dir.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_for_port(port, process)
            yield
        finally:
            stop_group(process)

    # Reading the database directly, to compare two installations.

    def _rows(self, query: str) -> list[tuple[Any, ...]]:
        if self.database_url:
            with psycopg.connect(self.database_url) as database:
                return [tuple(row) for row in database.execute(query).fetchall()]
        sqlite = sqlite3.connect(str(self.data_dir / "socialu.sqlite3"))
        try:
            return [tuple(row) for row in sqlite.execute(query).fetchall()]
        finally:
            sqlite.close()

    def tables(self) -> list[str]:
        if self.database_url:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        return [str(row[0]) for row in self._rows(query)]

    def row_count(self, table: str) -> int:
        return int(self._rows(f'SELECT COUNT(*) FROM "{table}"')[0][0])

    def sample(self, table: str) -> list[tuple[Any, ...]]:
        """Return the first and last few rows of *table* in the order of its first column."""
        first = self._rows(f'SELECT * FROM "{table}" ORDER BY 1 LIMIT {SAMPLE_ROWS}')
        last = self._rows(f'SELECT * FROM "{table}" ORDER BY 1 DESC LIMIT {SAMPLE_ROWS}')
        return first + last


def stop_group(process: subprocess.Popen[str]) -> None:
    """Stop *process* and everything it started (it runs in its own process group)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 120) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"The server stopped before answering:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"Nothing answered on port {port} within {timeout} seconds.")
