"""``socialu demo``: seed the demo organisation and serve it."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from socialu.core.processes import run_together, server_command, worker_commands
from socialu.demo.services import DEMO_MEMBERS, demo_seed


class Command(BaseCommand):
    help = "Seed the demo organisation (idempotent), print the login and serve it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Seed only; do not start the server.")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--people", type=int, default=2000, help="Size of the demo workforce (default 2000).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the demo organisation…")
        seed = demo_seed(password=os.environ.get("SOCIALU_DEMO_PASSWORD") or None, people=options["people"])
        result = seed.import_result
        self.stdout.write(
            f"  {seed.organisation.name}: {result.rows} people in the roster "
            f"({result.created} created, {result.updated} updated, {result.unchanged} unchanged)."
        )
        curriculum = seed.curriculum_result
        self.stdout.write(
            f"  Default curriculum: {curriculum.lessons} lessons and {curriculum.questions} quiz questions "
            f"({len(curriculum.courses_created)} courses new, {len(curriculum.courses_unchanged)} unchanged)."
        )
        url = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSign in at {url}\n  email:    {seed.admin_email}\n  password: {seed.password}\n"
                f"  (other demo logins, same password: {', '.join(email for email, _ in DEMO_MEMBERS)})\n"
            )
        )
        if options["no_serve"]:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        commands = [server_command(host="127.0.0.1", port=options["port"], workers=2), *worker_commands()]
        self.stdout.write(f"Serving at {url} with a background worker — press Ctrl+C to stop.")
        raise SystemExit(run_together(commands))
