"""Scheduled work: a registry of periodic jobs that apps add to, run for every organisation by ``socialu worker``.

An app registers its jobs when Django starts (from its ``ready()``), the way
certification's requirement kinds and the home page's panels work, so the
scheduler never imports the apps whose work it runs::

    scheduled_job_register(ScheduledJob(
        key="governance.registry_check",
        title="Check the social media account registry",
        description="Email the programme admins when an account needs an owner…",
        every=timedelta(days=1),
        run=registry_check,          # (organisation) -> a one-line summary
    ))

Each organisation keeps its own settings for each job (on or off, how often)
and the outcome of its last run in :class:`~socialu.core.models.ScheduledJobState`.
The worker calls :func:`scheduler_tick` every half minute: each due job is
*claimed* with a conditional UPDATE (so two workers never run the same job
twice) and queued as a background task. ``socialu jobs`` lists and runs jobs by
hand; admins see last and next runs on the Operations page.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from socialu.core.models import JobOutcome, Organisation, ScheduledJobState, WorkerHeartbeat

logger = logging.getLogger(__name__)

# (organisation) → a short, plain-English summary of what the run did.
JobRunner = Callable[[Organisation], str]

SCHEDULE_TRIGGER = "schedule"
SUMMARY_LIMIT = 2000


@dataclass(frozen=True)
class ScheduledJob:
    """A piece of periodic work an app runs for each organisation."""

    key: str
    title: str
    description: str
    every: timedelta
    run: JobRunner = field(compare=False)
    enabled_by_default: bool = True


class UnknownJobError(LookupError):
    """No job is registered under the key a person typed."""


_JOBS: dict[str, ScheduledJob] = {}


def scheduled_job_register(job: ScheduledJob) -> None:
    """Add *job* to the schedule (registering the same key again replaces it)."""
    _JOBS[job.key] = job


# Work to do once each time a worker starts, before it runs any task: recover what a crash left
# behind (an import interrupted half-way, jobs still marked running). Each returns a summary.
_STARTUP_CHECKS: dict[str, Callable[[], str]] = {}


def worker_startup_register(key: str, check: Callable[[], str]) -> None:
    """Run *check* every time a worker starts (registering the same key again replaces it)."""
    _STARTUP_CHECKS[key] = check


def worker_startup_run() -> list[str]:
    """Run every startup check; a check that fails is logged and the others still run."""
    summaries: list[str] = []
    for key in sorted(_STARTUP_CHECKS):
        try:
            summary = _STARTUP_CHECKS[key]()
        except Exception:
            logger.exception("The worker's startup check %s failed", key)
            continue
        if summary:
            logger.info("%s: %s", key, summary)
            summaries.append(summary)
    return summaries


def scheduled_jobs() -> list[ScheduledJob]:
    """Return every registered job, by key."""
    return [_JOBS[key] for key in sorted(_JOBS)]


def scheduled_job(key: str) -> ScheduledJob:
    """Return the job registered as *key*, or raise :class:`UnknownJobError` listing the known keys."""
    try:
        return _JOBS[key]
    except KeyError:
        known = ", ".join(sorted(_JOBS)) or "none"
        raise UnknownJobError(f"There is no scheduled job called {key!r}. The jobs are: {known}.") from None


def job_interval(job: ScheduledJob, state: ScheduledJobState) -> timedelta:
    """Return how often *job* runs in the organisation whose settings are *state*."""
    return timedelta(hours=state.every_hours) if state.every_hours else job.every


def job_states(
    *, organisation: Organisation, now: datetime | None = None
) -> list[tuple[ScheduledJob, ScheduledJobState]]:
    """Return each registered job with the organisation's settings and last run (creating missing rows).

    A job an organisation has never run is due at once (*now*).
    """
    existing = {state.job_key: state for state in ScheduledJobState.objects.filter(organisation=organisation)}
    pairs: list[tuple[ScheduledJob, ScheduledJobState]] = []
    for job in scheduled_jobs():
        state = existing.get(job.key)
        if state is None:
            state, _ = ScheduledJobState.objects.get_or_create(
                organisation=organisation,
                job_key=job.key,
                defaults={"enabled": job.enabled_by_default, "next_run_at": now or timezone.now()},
            )
        pairs.append((job, state))
    return pairs


def job_settings_update(
    *, organisation: Organisation, job_key: str, enabled: bool, every_hours: int | None
) -> ScheduledJobState:
    """Switch a job on or off for the organisation and set how often it runs (None: the job's default)."""
    job = scheduled_job(job_key)
    if every_hours is not None and not 1 <= every_hours <= 24 * 366:
        raise ValueError("How often: give a number of hours from 1 to 8784 (a year), or leave it empty.")
    with transaction.atomic():
        state = next(state for found, state in job_states(organisation=organisation) if found.key == job.key)
        state.enabled = enabled
        state.every_hours = every_hours
        start = state.last_started_at or timezone.now()
        state.next_run_at = max(start + job_interval(job, state), timezone.now()) if enabled else None
        state.save(update_fields=["enabled", "every_hours", "next_run_at"])
    return state


def scheduled_job_execute(*, organisation: Organisation, job_key: str, trigger: str) -> ScheduledJobState:
    """Run one job for one organisation now, in this process, and record its outcome.

    A failure is recorded on the job (and logged with its traceback) rather
    than raised, so one organisation's problem never stops the others.
    """
    job = scheduled_job(job_key)
    state = next(state for found, state in job_states(organisation=organisation) if found.key == job.key)
    started = timezone.now()
    ScheduledJobState.objects.filter(pk=state.pk).update(
        last_started_at=started, last_outcome=JobOutcome.RUNNING, last_trigger=trigger[:40]
    )
    try:
        summary = job.run(organisation)
        outcome = JobOutcome.SUCCEEDED
    except Exception as error:
        logger.exception("Scheduled job %s failed for organisation %s", job.key, organisation.slug)
        summary = f"It stopped with an error: {error}. The details are in the worker's log."
        outcome = JobOutcome.FAILED
    finished = timezone.now()
    updates = {
        "last_finished_at": finished,
        "last_outcome": outcome,
        "last_summary": str(summary)[:SUMMARY_LIMIT],
    }
    if trigger != SCHEDULE_TRIGGER and state.enabled:
        # A run by hand counts: the next scheduled run is one interval later.
        updates["next_run_at"] = started + job_interval(job, state)
    ScheduledJobState.objects.filter(pk=state.pk).update(**updates)
    state.refresh_from_db()
    return state


def _claim(state: ScheduledJobState, job: ScheduledJob, now: datetime) -> bool:
    claimed = ScheduledJobState.objects.filter(pk=state.pk, next_run_at=state.next_run_at, enabled=True).update(
        next_run_at=now + job_interval(job, state),
        last_started_at=now,
        last_outcome=JobOutcome.RUNNING,
        last_trigger=SCHEDULE_TRIGGER,
    )
    return claimed == 1


def scheduler_tick(*, now: datetime | None = None) -> list[tuple[str, str]]:
    """Queue every job that is due in any organisation; return (organisation slug, job key) for each queued.

    Jobs run as background tasks (``scheduled_job_task`` below), so the
    scheduler itself stays quick and a long job never delays the heartbeat.
    """
    now = now or timezone.now()
    queued: list[tuple[str, str]] = []
    for organisation in Organisation.objects.order_by("pk"):
        for job, state in job_states(organisation=organisation, now=now):
            if not state.enabled or state.next_run_at is None or state.next_run_at > now:
                continue
            if _claim(state, job, now):
                queued.append((organisation.slug, job.key))
                scheduled_job_task.enqueue(organisation.pk, job.key)
    return queued


def worker_name() -> str:
    """Return this worker process's name: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_heartbeat(*, name: str, started_at: datetime) -> None:
    """Record that the worker called *name* is alive now."""
    from socialu import __version__

    WorkerHeartbeat.objects.update_or_create(
        name=name[:200], defaults={"started_at": started_at, "seen_at": timezone.now(), "version": __version__[:40]}
    )
    # Forget workers not seen for a day, so the table stays a handful of rows.
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()


def latest_heartbeat() -> WorkerHeartbeat | None:
    """Return the most recent heartbeat of any worker, or None if no worker has ever run."""
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


@task
def scheduled_job_task(organisation_id: int, job_key: str, trigger: str = SCHEDULE_TRIGGER) -> str:
    """Run the job *job_key* for the organisation and return its outcome (the scheduler's background work)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return "The organisation no longer exists."
    return scheduled_job_execute(organisation=organisation, job_key=job_key, trigger=trigger).last_outcome
