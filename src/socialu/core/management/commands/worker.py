"""``socialu worker``: run background tasks (roster imports, reminders…) and the scheduled jobs."""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from socialu.core.scheduling import scheduler_tick, worker_heartbeat, worker_name, worker_startup_run

logger = logging.getLogger("socialu.worker")

TICK_SECONDS = 30.0


class SchedulerThread(threading.Thread):
    """Every *interval* seconds: record the heartbeat and queue the scheduled jobs that are due."""

    def __init__(self, *, interval: float = TICK_SECONDS) -> None:
        super().__init__(name="socialu-scheduler", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()
        self.name_for_heartbeat = worker_name()
        self.started_at = timezone.now()

    def tick(self) -> None:
        close_old_connections()
        try:
            worker_heartbeat(name=self.name_for_heartbeat, started_at=self.started_at)
            for slug, key in scheduler_tick():
                logger.info("Queued scheduled job %s for %s", key, slug)
        except Exception:
            # A database hiccup must not kill the scheduler; the next tick tries again.
            logger.exception("The scheduler could not check for due jobs")
        finally:
            connection.close()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.interval)


class Command(BaseCommand):
    help = "Run the background task worker and the scheduled jobs until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Queue the jobs due now, run every task, then exit.")
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Run tasks only; another worker runs the scheduled jobs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Before any task runs: undo what a crash left half-done, fail the jobs it interrupted.
        worker_startup_run()
        scheduler = None if options["no_scheduler"] else SchedulerThread()
        if scheduler is not None:
            if options["batch"]:
                scheduler.tick()
            else:
                scheduler.start()
        try:
            call_command("db_worker", queue_name="*", reload=False, batch=options["batch"], interval=1)
        finally:
            if scheduler is not None:
                scheduler.stopping.set()
