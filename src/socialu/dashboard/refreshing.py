"""Counting an organisation's dashboard figures again: what both the services and the background task do.

It sits below both, so that the services can queue the task and the task can count
without either importing the other.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.dashboard import counting
from socialu.dashboard.models import DashboardSnapshot

# Figures are counted again at least this often when someone looks at them.
MAX_AGE = timedelta(minutes=15)


def snapshot_row(organisation_id: int) -> DashboardSnapshot:
    snapshot, _ = DashboardSnapshot.objects.get_or_create(organisation_id=organisation_id)
    return snapshot


def dashboard_refresh(*, organisation: Organisation, now: datetime | None = None) -> DashboardSnapshot:
    """Count the organisation's programme figures from the raw tables and keep them as its snapshot."""
    moment = now or timezone.now()
    snapshot = snapshot_row(organisation.pk)
    # A change from now on queues another refresh. Read the generation before counting, so that a
    # change landing while we count leaves the result marked stale. No transaction around the count:
    # it only reads, for seconds on a large organisation, and the result is written by one UPDATE.
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(refresh_queued_at=None)
    generation = DashboardSnapshot.objects.filter(pk=snapshot.pk).values_list("generation", flat=True).get()
    started = time.perf_counter()
    data = counting.dashboard_cells_count(organisation=organisation, now=moment)
    valid_until = min(moment + MAX_AGE, counting.next_change_after(organisation=organisation, now=moment))
    seconds = time.perf_counter() - started
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(
        data=data,
        computed_at=moment,
        valid_until=valid_until,
        refresh_seconds=seconds,
        computed_generation=generation,
    )
    snapshot.refresh_from_db()
    return snapshot
