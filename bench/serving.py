"""Sizing figures for the deployment guide: memory per process and requests a second through ``socialu serve``.

Run ``python -m bench.serving [--quick] [--json]``.

It makes a throw-away installation (SQLite, the demo with 500 people),
starts ``socialu serve`` (gunicorn, 2 processes × 4 threads, as the guide
sets it up) and ``socialu worker``, and measures:

* the resident memory (RSS, from /proc) of each gunicorn process and of the
  worker, once warm;
* requests a second, with 8 concurrent clients for a few seconds each, for
  ``/healthz``, the public verification form (a template page, no sign-in)
  and a signed-in learner's home page (session, database, template);
* the baseline, in the same run: the same gunicorn settings serving a
  one-line WSGI application, which is the ceiling the machine allows.

The figures are what this shared two-core machine gives; the guide quotes them.
With ``--json`` the last line is one JSON object with the figures and a
``checks`` list (the issue sets no targets for sizing, so there are none).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.operations.installations import Installation, free_port, wait_for_port

CLIENTS = 8
HELLO_APP = (
    "def application(environ, start_response):\n"
    "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
    "    return [b'ok']\n"
)


def rss_megabytes(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else 0.0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    result = []
    for child in children(pid):
        result.append(child)
        result.extend(descendants(child))
    return result


def rate(port: int, path: str, seconds: float, cookie: str = "") -> tuple[float, int]:
    """Return (requests a second, errors) with CLIENTS threads hitting *path* for *seconds*."""
    done = [0] * CLIENTS
    errors = [0] * CLIENTS
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done[index] += 1
                else:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(done) / (time.monotonic() - started), 1), sum(errors)


def session_cookie(installation: Installation) -> str:
    script = (
        "from django.test import Client; c = Client(SERVER_NAME='localhost'); "
        "c.login(username='learner@demo.example', password='demo-password-for-tests'); "
        "print(c.cookies['sessionid'].value)"
    )
    result = installation.run("shell", "--no-imports", "-c", script)
    return f"sessionid={result.stdout.strip().splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Shorter runs (2 s per page).")
    parser.add_argument("--json", action="store_true", help="End with one JSON line of figures.")
    options = parser.parse_args()
    seconds = 2.0 if options.quick else 6.0
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="socialu-bench-serving-") as folder:
        installation = Installation(data_dir=Path(folder) / "var", extra={"SOCIALU_REQUEST_LOG": "false"})
        print("Seeding the demo (500 people)…", file=sys.stderr)
        installation.run("demo", "--no-serve", "--people", "500", timeout=900)
        cookie = session_cookie(installation)
        port = free_port()
        worker = subprocess.Popen(
            [sys.executable, "-m", "socialu", "worker"],
            env=installation.environment(),
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with installation.serving_on(port, "--workers", "2"):
            for path in ("/healthz", "/verify/", "/o/demo/"):
                rate(port, path, 1.0, cookie)  # warm every process
            figures["healthz_requests_per_second"], _ = rate(port, "/healthz", seconds)
            figures["verify_form_requests_per_second"], _ = rate(port, "/verify/", seconds)
            figures["learner_home_requests_per_second"], errors = rate(port, "/o/demo/", seconds, cookie)
            figures["learner_home_errors"] = errors
            server_pids = [
                pid
                for pid in descendants(os.getpid())
                if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
            ]
            memory = sorted(rss_megabytes(pid) for pid in server_pids)
            figures["gunicorn_processes"] = len(memory)
            figures["web_process_rss_mb_max"] = max(memory) if memory else 0.0
            figures["web_total_rss_mb"] = round(sum(memory), 1)
        figures["worker_rss_mb"] = rss_megabytes(worker.pid)
        worker.terminate()
        worker.wait(timeout=20)

        hello = Path(folder) / "hello.py"
        hello.write_text(HELLO_APP)
        port = free_port()
        baseline = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hello:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            wait_for_port(port, baseline)
            rate(port, "/", 1.0)
            figures["baseline_hello_requests_per_second"], _ = rate(port, "/", seconds)
        finally:
            baseline.terminate()
            baseline.wait(timeout=20)
    load = os.getloadavg()[0]
    figures["load_average_1min"] = round(load, 1)
    for name, value in figures.items():
        print(f"{name:40} {value}")
    if options.json:
        print(json.dumps({"benchmark": "serving", "figures": figures, "checks": []}))


if __name__ == "__main__":
    main()
