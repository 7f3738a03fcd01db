"""Start the web server and the background worker as child processes."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

from django.conf import settings

logger = logging.getLogger(__name__)

# How long children get to stop after SIGTERM before they are killed.
STOP_GRACE_SECONDS = 5.0


def server_command(*, host: str, port: int, workers: int) -> list[str]:
    """Return the command line of the production WSGI server (gunicorn)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "socialu.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--timeout",
        "120",
        "--graceful-timeout",
        str(int(STOP_GRACE_SECONDS) - 1),
        # No access log of gunicorn's own: SocialU writes one JSON line per request.
        # gunicorn believes X-Forwarded-Proto from the same proxies Django does.
        "--forwarded-allow-ips",
        ",".join(settings.TRUSTED_PROXIES),
    ]


def worker_commands() -> list[list[str]]:
    """Return the command lines of the background workers: one for imports, one for everything else.

    Imports run in a queue of their own, so a long import never holds up
    reminders, certificates or another organisation's scheduled jobs.
    """
    return [
        [sys.executable, "-m", "socialu", "worker", "--queues", "general"],
        [sys.executable, "-m", "socialu", "worker", "--queues", "imports", "--no-scheduler"],
    ]


class _StopRequestedError(Exception):
    """SIGTERM or SIGINT arrived: stop the children and return."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _StopRequestedError


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    # Each child leads its own process group, so stopping it also stops what it started
    # (gunicorn's workers): nothing is left holding the port.
    return subprocess.Popen(command, process_group=0)  # noqa: S603


def _stop_all(children: Sequence[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM every child's group; SIGKILL the groups still running after *grace* seconds."""
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop within %s s; killing it", child.args, grace)
    for child in children:
        # Also the group's other members (a gunicorn worker whose master has gone).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def run_together(
    commands: Sequence[list[str]], *, grace: float = STOP_GRACE_SECONDS, max_restart_delay: float = 30.0
) -> int:
    """Run *commands* side by side until the first one (the web server) exits or we are told to stop.

    Any other child that exits (a worker killed by a database error or the
    kernel) is started again, after a delay that doubles up to
    *max_restart_delay* while it keeps dying. On SIGTERM or SIGINT every child
    is stopped within *grace* seconds. Return the web server's exit code, or 0
    when stopped.
    """
    previous = {number: signal.signal(number, _raise_stop) for number in (signal.SIGTERM, signal.SIGINT)}
    children: list[subprocess.Popen[bytes]] = []
    delays = [1.0] * len(commands)
    restart_at: dict[int, float] = {}
    try:
        children = [_start(command) for command in commands]
        while True:
            code = children[0].poll()
            if code is not None:
                return code
            now = time.monotonic()
            for index in range(1, len(children)):
                if children[index].poll() is None:
                    continue
                if index not in restart_at:
                    logger.error(
                        "%s exited with code %s; starting it again in %.1f s",
                        commands[index],
                        children[index].returncode,
                        delays[index],
                    )
                    restart_at[index] = now + delays[index]
                    delays[index] = min(delays[index] * 2, max_restart_delay)
                elif now >= restart_at[index]:
                    del restart_at[index]
                    children[index] = _start(commands[index])
            time.sleep(0.2)
    except _StopRequestedError:
        return 0
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _stop_all(children, grace)
