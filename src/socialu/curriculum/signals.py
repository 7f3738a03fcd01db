"""Events the curriculum app announces to the apps above it.

Learning sits above curriculum and enrols people in their audience's path;
curriculum cannot call it, so it announces when a path's courses change.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from socialu.core.models import Organisation

# Sent after the change has been committed, with ``organisation``.
curriculum_paths_changed = Signal()


def paths_changed_announce(*, organisation_id: int) -> None:
    """Announce, once the current transaction commits, that the organisation's learning paths changed."""

    def send() -> None:
        organisation = Organisation.objects.get(pk=organisation_id)
        curriculum_paths_changed.send(sender=Organisation, organisation=organisation)

    if curriculum_paths_changed.has_listeners(Organisation):
        transaction.on_commit(send)
