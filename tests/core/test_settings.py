"""The database and deployment settings are what the docs promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.mark.django_db
def test_sqlite_connections_use_wal_immediate_transactions_and_a_busy_timeout(tmp_path: Path) -> None:
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "pragmas.sqlite3"),
            "OPTIONS": dict(settings.SQLITE_OPTIONS),
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
        }
    )
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
        assert wrapper.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
    finally:
        wrapper.close()


def test_production_settings_pass_the_deployment_checklist_without_warnings(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SOCIALU_", "DEBUG", "DATABASE_URL", "EMAIL_", "DJANGO_"))
    }
    environment.update(
        {
            "SECRET_KEY": "x7Qm2vLr9kP4tW8zN1cF6hJ3dS5gB0yA-production-like-secret-key-for-check",
            "SOCIALU_DATA_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "socialu.example.com",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "socialu", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    dropped = ("SOCIALU_", "SECRET_KEY", "DJANGO_")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    environment.update({"SOCIALU_DATA_DIR": str(tmp_path), "DEBUG": "false"})
    result = subprocess.run(
        [sys.executable, "-m", "socialu", "check"], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
