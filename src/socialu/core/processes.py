"""Start the web server and the background worker as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence


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
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def worker_command() -> list[str]:
    """Return the command line of the background task worker."""
    return [sys.executable, "-m", "socialu", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "1"]


def run_together(commands: Sequence[list[str]]) -> int:
    """Run *commands* side by side until one exits or we are interrupted; stop the rest."""
    children = [subprocess.Popen(command) for command in commands]  # noqa: S603
    try:
        while True:
            for child in children:
                code = child.poll()
                if code is not None:
                    return code
            try:
                children[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
