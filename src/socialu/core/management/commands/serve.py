"""``socialu serve``: the production web server, optionally with a worker."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from socialu.core.processes import run_together, server_command, worker_commands


class Command(BaseCommand):
    help = "Serve SocialU with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--workers", type=int, default=2, help="Web server processes (default 2).")
        parser.add_argument("--with-worker", action="store_true", help="Also run the background task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        commands = [server_command(host=options["host"], port=options["port"], workers=options["workers"])]
        if options["with_worker"]:
            commands.extend(worker_commands())
        self.stdout.write(f"Serving SocialU at http://{options['host']}:{options['port']}/ — press Ctrl+C to stop.")
        raise SystemExit(run_together(commands))
