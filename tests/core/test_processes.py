"""``socialu serve --with-worker`` supervision and the worker's resilience.

A dead worker is started again while the web server keeps serving; SIGTERM
stops every child, and what the children started, within a few seconds; the
worker carries on after a database error.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import OperationalError

from socialu.core.management.commands import worker
from socialu.core.processes import worker_commands

# A "web server" that starts a grandchild ignoring SIGTERM, as a stuck gunicorn worker would.
SERVER = textwrap.dedent(
    """
    import signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    child = subprocess.Popen([sys.executable, "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
    with open(sys.argv[1], "w") as handle:
        handle.write(f"{child.pid}")
    time.sleep(600)
    """
)
# A "worker" that dies at once, counting its starts.
DYING_WORKER = "import sys; open(sys.argv[1], 'a').write('x'); sys.exit(1)"
SUPERVISOR = textwrap.dedent(
    """
    import sys
    from socialu.core.processes import run_together
    server, worker, pids, starts = sys.argv[1:5]
    sys.exit(run_together([[sys.executable, server, pids], [sys.executable, worker, starts]],
                          grace=2.0, max_restart_delay=0.5))
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its adoptive parent) has stopped too.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


def test_a_dead_worker_is_restarted_and_sigterm_stops_everything_within_seconds(tmp_path: Path) -> None:
    server, dying, supervisor = tmp_path / "server.py", tmp_path / "worker.py", tmp_path / "supervisor.py"
    server.write_text(SERVER)
    dying.write_text(DYING_WORKER)
    supervisor.write_text(SUPERVISOR)
    pids, starts = tmp_path / "pids", tmp_path / "starts"
    process = subprocess.Popen(
        [sys.executable, str(supervisor), str(server), str(dying), str(pids), str(starts)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (starts.exists() and len(starts.read_text()) >= 3 and pids.exists() and pids.read_text()):
            assert time.monotonic() < deadline, "the worker was not restarted"
            assert process.poll() is None, "the supervisor stopped when its worker died"
            time.sleep(0.1)
        grandchild = int(pids.read_text())
        assert _alive(grandchild)

        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        took = time.monotonic() - stopped_at
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)

    assert code == 0
    assert took < 5, f"stopping took {took:.1f} s"
    time.sleep(0.2)
    assert not _alive(grandchild), "a process the server started was left running"


def test_serve_runs_one_worker_for_imports_and_one_for_everything_else() -> None:
    commands = worker_commands()

    assert [command[command.index("--queues") + 1] for command in commands] == ["general", "imports"]
    assert worker.QUEUES["general"] == (["*"], ["imports"])
    assert worker.QUEUES["imports"] == (["imports"], [])


def test_the_worker_carries_on_after_database_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []

    def db_worker(name: str, **options: object) -> None:
        calls.append(options)
        if len(calls) <= 3:
            raise OperationalError("database is locked")

    slept: list[float] = []
    monkeypatch.setattr(worker, "call_command", db_worker)

    worker.run_tasks(queue_names=["imports"], excluded=[], batch=False, sleep=slept.append)

    assert len(calls) == 4
    assert slept == [1.0, 2.0, 4.0]
    assert calls[-1]["queue_name"] == "imports"
