"""Start the web server and the background worker as child processes."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Sequence

from django.conf import settings


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
        # No access log of gunicorn's own: SocialU writes one JSON line per request.
        # gunicorn believes X-Forwarded-Proto from the same proxies Django does.
        "--forwarded-allow-ips",
        ",".join(settings.TRUSTED_PROXIES),
    ]


def worker_command() -> list[str]:
    """Return the command line of the background worker (tasks and scheduled jobs)."""
    return [sys.executable, "-m", "socialu", "worker"]


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
