"""No double booking under concurrency: processes booking one slot at once on SQLite end with one booking.

Each process has its own connection to a real database file (WAL, IMMEDIATE
transactions, as in production), so the race is the one a busy server sees.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

BOOKERS = 8
ROOT = Path(__file__).resolve().parents[2]


def _environment(database: Path, data: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="true",
        SOCIALU_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="socialu.config.settings",
        PYTHONPATH=str(ROOT),
    )
    return environment


def _run(arguments: list[str], environment: dict[str, str]) -> str:
    done = subprocess.run(
        arguments, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def _copy_test_schema(database: Path) -> None:
    """Copy the migrated test database into a file (faster than migrating again in a process)."""
    connection.ensure_connection()
    with sqlite3.connect(database) as target:
        connection.connection.backup(target)


@pytest.mark.timeout(600)
@pytest.mark.django_db(transaction=True)
def test_processes_booking_one_slot_at_once_leave_exactly_one_live_booking(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("The process race runs on SQLite; PostgreSQL relies on the same unique index.")
    database = tmp_path / "race.sqlite3"
    environment = _environment(database, tmp_path)
    _copy_test_schema(database)
    seeded = json.loads(_run([sys.executable, "-m", "tests.coaching.race_worker", "seed", str(BOOKERS)], environment))
    start = time.time() + 8  # every process has started Django by then
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.coaching.race_worker",
                "book",
                str(seeded["slot"]),
                str(engagement),
                str(start),
            ],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for engagement in seeded["engagements"]
    ]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        outcomes.append(out.strip().splitlines()[-1] if out.strip() else f"no output: {err[-500:]}")

    assert sorted(outcomes) == ["booked"] + ["refused"] * (BOOKERS - 1), outcomes
    with sqlite3.connect(database) as reader:
        live = reader.execute(
            "SELECT COUNT(*) FROM coaching_booking WHERE slot_id = ? AND status IN ('booked', 'held')",
            (seeded["slot"],),
        ).fetchone()[0]
    assert live == 1
