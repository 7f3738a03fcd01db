"""``socialu worker``: run background tasks (roster imports, reminders…) and the scheduled jobs."""

from __future__ import annotations

import logging
import resource
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from socialu.core.scheduling import scheduler_tick, worker_heartbeat, worker_name, worker_startup_run

logger = logging.getLogger("socialu.worker")

TICK_SECONDS = 30.0
# After a database error the worker waits, then carries on; the wait doubles up to this.
MAX_BACKOFF_SECONDS = 60.0
IMPORTS_QUEUE = "imports"
QUEUES = {"all": (["*"], []), "general": (["*"], [IMPORTS_QUEUE]), "imports": ([IMPORTS_QUEUE], [])}


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
        parser.add_argument(
            "--queues",
            choices=sorted(QUEUES),
            default="all",
            help="Which tasks to run: all (default), imports (roster imports only, each with a time and memory "
            "limit) or general (everything but imports). `socialu serve --with-worker` runs one of each.",
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
        if options["queues"] == IMPORTS_QUEUE:
            imports_memory_limit()
        queue_names, excluded = QUEUES[options["queues"]]
        try:
            run_tasks(queue_names=queue_names, excluded=excluded, batch=options["batch"])
        finally:
            if scheduler is not None:
                scheduler.stopping.set()


def imports_memory_limit() -> None:
    """Cap the address space of this process: an import that needs more fails alone, with a message."""
    megabytes = int(settings.SOCIALU_IMPORT_MEMORY_LIMIT_MB)
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def run_tasks(*, queue_names: list[str], excluded: list[str], batch: bool, sleep: Any = time.sleep) -> None:
    """Run django-tasks-db's worker; after a database error, wait (doubling up to a minute) and carry on.

    A locked or unreachable database stops only the task that was running (its
    job records the failure); the worker itself keeps serving the queue.
    """
    backoff = 1.0
    while True:
        try:
            call_command(
                "db_worker",
                queue_name=",".join(queue_names),
                exclude_queues=",".join(excluded),
                reload=False,
                batch=batch,
                interval=1,
                startup_delay=False,
            )
            return
        except DatabaseError:
            logger.exception("The worker met a database error; carrying on in %.0f s", backoff)
            connection.close()
            sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
