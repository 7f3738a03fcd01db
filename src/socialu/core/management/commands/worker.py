"""``socialu worker``: run background tasks (roster imports, reminders…)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the tasks waiting now, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("db_worker", queue_name="*", reload=False, batch=options["batch"], interval=1)
