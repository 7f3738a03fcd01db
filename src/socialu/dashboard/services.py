"""Keeping the programme dashboard's summary up to date, and serving it.

A page view never counts a million rows: it reads the organisation's
:class:`~socialu.dashboard.models.DashboardSnapshot` and adds up the cells it
needs. The snapshot is counted again (:func:`dashboard_refresh`)

* when there is none yet;
* when people, progress or certificates changed since it was counted
  (:func:`dashboard_invalidate` bumps its generation, and queues a background
  refresh);
* when it passes ``valid_until``: a certificate expired, a new week started, or
  ``MAX_AGE`` passed (which also covers bulk changes no signal announces).

A stale snapshot of a small organisation is counted again while the person
waits (it takes well under a second). A large organisation's is shown as it is,
marked as being updated, while the background refresh runs; a page view never
waits for a count that takes seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.dashboard import counting, selectors
from socialu.dashboard.models import DashboardSnapshot
from socialu.dashboard.refreshing import MAX_AGE, dashboard_refresh, snapshot_row
from socialu.dashboard.tasks import dashboard_refresh_run
from socialu.people.selectors import people_in

__all__ = [
    "MAX_AGE",
    "dashboard_invalidate",
    "dashboard_refresh",
    "dashboard_snapshot_current",
    "programme_dashboard",
]

# A count that took at most this long is redone while the person waits.
SYNC_REFRESH_SECONDS = 1.0
# Before the first count, an organisation with at most this many active people is counted while the person waits.
SYNC_REFRESH_PEOPLE = 50_000
# A queued background count waits this many times as long as the previous count took ...
REFRESH_COOLDOWN_FACTOR = 10
# ... but never longer than this.
REFRESH_COOLDOWN_MAX = timedelta(minutes=10)
# A queued count that has not started after this long is taken as lost and queued again.
QUEUED_REFRESH_LOST = timedelta(hours=1)


def _queue_refresh(organisation_id: int) -> None:
    """Queue one background refresh, unless one is already waiting.

    A large organisation's count takes seconds; it waits a while after the
    previous one (REFRESH_COOLDOWN_FACTOR times as long as that count took, at
    most REFRESH_COOLDOWN_MAX) so that a busy day does not keep a worker
    counting all the time. A refresh queued more than QUEUED_REFRESH_LOST ago
    that never started (the worker was down, or the task failed) is queued again.
    """
    now = timezone.now()
    waiting = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - QUEUED_REFRESH_LOST)
    if not DashboardSnapshot.objects.filter(waiting, organisation_id=organisation_id).update(refresh_queued_at=now):
        return
    task = dashboard_refresh_run
    last = (
        DashboardSnapshot.objects.filter(organisation_id=organisation_id)
        .values_list("computed_at", "refresh_seconds")
        .first()
    )
    if last is not None and last[0] is not None and task.get_backend().supports_defer:
        cooldown = min(REFRESH_COOLDOWN_MAX, timedelta(seconds=REFRESH_COOLDOWN_FACTOR * last[1]))
        if last[0] + cooldown > now:
            task = task.using(run_after=last[0] + cooldown)
    task.enqueue(organisation_id)


def dashboard_invalidate(*, organisation_id: int) -> None:
    """Mark the organisation's figures as out of date and queue a recount once the current transaction commits.

    Costs one UPDATE, and nothing at all for an organisation whose dashboard
    nobody has opened yet.
    """
    if DashboardSnapshot.objects.filter(organisation_id=organisation_id).update(generation=F("generation") + 1):
        transaction.on_commit(lambda: _queue_refresh(organisation_id))


def _is_stale(snapshot: DashboardSnapshot, now: datetime) -> bool:
    return (
        snapshot.computed_at is None
        or snapshot.generation != snapshot.computed_generation
        or snapshot.valid_until is None
        or now >= snapshot.valid_until
        or snapshot.data.get("version") != counting.DATA_VERSION
    )


def _counts_quickly(organisation: Organisation) -> bool:
    """Guess, before the first count, whether counting will be quick enough to do while someone waits."""
    return people_in(organisation=organisation, active=True).count() <= SYNC_REFRESH_PEOPLE


def dashboard_snapshot_current(*, organisation: Organisation) -> tuple[DashboardSnapshot, bool]:
    """Return the organisation's snapshot, counting it again first if it is stale and that is quick.

    The second value says whether the snapshot returned is stale; a background
    refresh is then queued. A large organisation's very first snapshot has no
    figures at all until that refresh has run.
    """
    now = timezone.now()
    snapshot = DashboardSnapshot.objects.filter(organisation=organisation).first()
    if snapshot is not None and not _is_stale(snapshot, now):
        return snapshot, False
    if snapshot is None or snapshot.computed_at is None:
        if _counts_quickly(organisation):
            return dashboard_refresh(organisation=organisation), False
        snapshot = snapshot_row(organisation.pk)
    elif snapshot.refresh_seconds <= SYNC_REFRESH_SECONDS:
        return dashboard_refresh(organisation=organisation), False
    _queue_refresh(organisation.pk)
    return snapshot, True


def programme_dashboard(
    *, organisation: Organisation, filters: selectors.DashboardFilters
) -> selectors.ProgrammeDashboard:
    """Return the programme dashboard for *filters*, from an up-to-date snapshot (see the module notes)."""
    snapshot, stale = dashboard_snapshot_current(organisation=organisation)
    return selectors.programme_dashboard_build(
        organisation=organisation,
        data=snapshot.data,
        filters=filters,
        computed_at=snapshot.computed_at,
        stale=stale,
    )
