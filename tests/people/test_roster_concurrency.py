"""One organisation's roster import never holds up another's writes, and a kill -9 leaves a whole roster.

These run the real ``socialu`` command in separate processes against a database
of their own (SQLite in a temporary data directory, or a fresh PostgreSQL
database when the suite runs on PostgreSQL):

* twenty writers of another organisation keep writing while the background
  worker imports (a) a large legitimate roster and (b) a crafted, slow-to-read
  file; every write must succeed within two seconds and the worker must still
  be running afterwards;
* an import killed with SIGKILL part-way through its apply is undone when the
  worker next starts: the organisation has exactly its old roster.

``SOCIALU_CONCURRENCY_ROWS`` sets the size of the large roster (default 50,000,
enough that the old import held the write lock for far longer than two seconds).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.roster_import import generate_roster

from tests.operations.installations import (
    Installation,
    postgres_database_create,
    postgres_database_drop,
    postgres_url,
    stop_group,
)

WRITERS = 20
MAX_WRITE_SECONDS = 2.0
ROWS = int(os.environ.get("SOCIALU_CONCURRENCY_ROWS", "50000"))

WRITER_SCRIPT = """
import json, os, sys, time
import django
django.setup()
from django.db import transaction
from socialu.core.models import Organisation
from socialu.people.models import Person

number, ready, stop, out = sys.argv[1:5]
organisation = Organisation.objects.get(slug="globex")
latencies, errors, written_at, began_at = [], [], [], []
Person.objects.filter(organisation=organisation).exists()  # connect before saying ready
open(ready, "w").close()
count = 0
while not os.path.exists(stop):
    count += 1
    started = time.monotonic()
    try:
        with transaction.atomic():
            Person.objects.create(
                organisation=organisation,
                employee_id=f"W{number}-{count}",
                name=f"Writer {number} {count}",
                email=f"w{number}-{count}@globex.example",
            )
        written_at.append(time.time())
    except Exception as error:
        errors.append(repr(error))
    latencies.append(time.monotonic() - started)
    began_at.append(time.time() - latencies[-1])
    time.sleep(0.25)
with open(out, "w") as handle:
    json.dump({"latencies": latencies, "errors": errors, "written_at": written_at, "began_at": began_at}, handle)
"""

JOB_SCRIPT = """
import sys
from pathlib import Path
from socialu.core.models import Organisation
from socialu.people.imports.services import roster_job_start
job = roster_job_start(
    organisation=Organisation.objects.get(slug="acme"), user_id=None, stored_path=Path(sys.argv[1]),
    original_filename=Path(sys.argv[1]).name, mapping={}, dry_run=False, full_sync=False,
)
print(job.pk)
"""


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    base_url = postgres_url()
    database_url = postgres_database_create(base_url, "concurrency") if base_url else None
    try:
        installation = Installation(data_dir=tmp_path / "var", database_url=database_url)
        installation.run("migrate", "--noinput")
        installation.run("org", "create", "acme", "--name", "Acme")
        installation.run("org", "create", "globex", "--name", "Globex")
        yield installation
    finally:
        if database_url:
            postgres_database_drop(database_url)


def _python(installation: Installation, *arguments: str) -> subprocess.Popen[str]:
    environment = {**installation.environment(), "DJANGO_SETTINGS_MODULE": "socialu.config.settings"}
    return subprocess.Popen(
        [sys.executable, *arguments],
        env=environment,
        cwd=installation.data_dir.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _job(installation: Installation, path: Path) -> int:
    shell = installation.run(
        "shell", "--no-imports", "-c", f"import sys; sys.argv = ['x', {str(path)!r}]\n{JOB_SCRIPT}"
    )
    return int(shell.stdout.strip().splitlines()[-1])


def _job_status(installation: Installation, job_id: int) -> tuple[str, str]:
    rows = installation._rows(f"SELECT status, error_message FROM people_rosterimportjob WHERE id = {int(job_id)}")
    return str(rows[0][0]), str(rows[0][1])


def _wait_for_job(installation: Installation, job_id: int, worker: subprocess.Popen[str], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _message = _job_status(installation, job_id)
        if status not in {"queued", "running"}:
            return status
        assert worker.poll() is None, f"the worker stopped: {worker.stderr.read() if worker.stderr else ''}"
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")


def _crafted_file(path: Path) -> Path:
    """Write a CSV that is slow to read and check: 300 columns of filler on every one of 20,000 rows."""
    filler = ",".join(["x" * 20] * 300)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Employee ID,Name,Email," + ",".join(f"Extra {n}" for n in range(300)) + "\n")
        for number in range(20000):
            handle.write(f"C{number},Crafted {number},c{number}@acme.example,{filler}\n")
    return path


def test_twenty_writers_of_another_organisation_never_wait_for_an_import(
    installation: Installation, tmp_path: Path
) -> None:
    legitimate = tmp_path / "legitimate.csv"
    generate_roster(legitimate, ROWS)
    crafted = _crafted_file(tmp_path / "crafted.csv")
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT, encoding="utf-8")
    stop = tmp_path / "stop"
    worker = _python(installation, "-m", "socialu", "worker", "--queues", "imports", "--no-scheduler")
    writers = [
        _python(
            installation, str(script), str(n), str(tmp_path / f"ready-{n}"), str(stop), str(tmp_path / f"w-{n}.json")
        )
        for n in range(WRITERS)
    ]
    try:
        deadline = time.monotonic() + 180
        while not all((tmp_path / f"ready-{n}").exists() for n in range(WRITERS)):
            assert time.monotonic() < deadline, "the writers did not start"
            assert all(writer.poll() is None for writer in writers), [w.stderr.read() for w in writers if w.stderr]
            time.sleep(0.2)
        windows: dict[str, tuple[float, float]] = {}
        outcomes: dict[str, str] = {}
        for name, path in (("legitimate", legitimate), ("crafted", crafted)):
            started = time.time()
            job_id = _job(installation, path)
            outcomes[name] = _wait_for_job(installation, job_id, worker, timeout=900)
            windows[name] = (started, time.time())
        stop.touch()
        for writer in writers:
            writer.wait(timeout=60)
        assert worker.poll() is None, "the worker is still running after both imports"
    finally:
        stop.touch()
        for process in [*writers, worker]:
            stop_group(process)

    assert outcomes["legitimate"] == "succeeded", _job_status(installation, 1)
    assert outcomes["crafted"] in {"succeeded", "rejected", "failed"}
    reports = [json.loads((tmp_path / f"w-{n}.json").read_text()) for n in range(WRITERS)]
    assert [report["errors"] for report in reports] == [[] for _ in reports]
    writes = sorted(
        (
            (latency, began)
            for report in reports
            for latency, began in zip(report["latencies"], report["began_at"], strict=True)
        ),
        reverse=True,
    )
    slowest = writes[0][0]
    origin = windows["legitimate"][0]
    described = ", ".join(f"{latency:.2f} s at +{began - origin:.1f} s" for latency, began in writes[:8])
    imports = [(name, round(start - origin, 1), round(end - origin, 1)) for name, (start, end) in windows.items()]
    print(f"{len(writes)} writes; slowest: {described}; imports (start, end): {imports}")
    assert slowest <= MAX_WRITE_SECONDS, (
        f"a write of another organisation waited {slowest:.2f} s; slowest: {described}; imports: {imports}"
    )
    for name, (start, end) in windows.items():
        during = sum(1 for report in reports for moment in report["written_at"] if start <= moment <= end)
        assert during >= WRITERS, f"the writers kept writing during the {name} import ({during} writes)"
    people = installation.row_count("people_person")
    assert people >= ROWS + sum(len(report["written_at"]) for report in reports)


def test_an_import_killed_mid_apply_is_undone_when_the_worker_starts(
    installation: Installation, tmp_path: Path
) -> None:
    old = tmp_path / "old.csv"
    generate_roster(old, 20000)
    installation.run("roster", "import", str(old), "--org", "acme", "--json")
    query = (
        "SELECT id, employee_id, name, email, unit_id, manager_id, job_title, is_active FROM people_person ORDER BY id"
    )
    before = installation._rows(query)
    new = tmp_path / "new.csv"
    generate_roster(new, 60000, seed=11)  # every row changed, 40,000 new people: twelve chunks to apply
    undo = installation.data_dir / "roster-journal" / "1" / "undo.pickle"
    process = subprocess.Popen(
        [sys.executable, "-m", "socialu", "roster", "import", str(new), "--org", "acme", "--json"],
        env=installation.environment(),
        cwd=installation.data_dir.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while not (undo.exists() and undo.stat().st_size > 2_000_000):
        assert process.poll() is None, "the import finished before it could be killed; use a larger file"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert installation._rows(query) != before, "part of the import had been applied"

    installation.run("worker", "--batch", "--no-scheduler")

    assert installation._rows(query) == before
    assert not undo.parent.exists()
