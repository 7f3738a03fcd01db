"""Events the learning app announces to the apps above it.

Certification sits above learning and decides who has earned a tier; learning
cannot call it, so it announces progress that may change the answer: a course
completed or a quiz attempt graded.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from socialu.core.models import Organisation

# Sent after the change has been committed, with ``organisation`` and
# ``person_ids`` (a sorted list of the people whose progress changed).
learning_progress_changed = Signal()


def learning_progress_announce(*, organisation_id: int, person_ids: Iterable[int]) -> None:
    """Announce, once the current transaction commits, that these people's progress changed."""
    ids = sorted(set(person_ids))

    def send() -> None:
        organisation = Organisation.objects.get(pk=organisation_id)
        learning_progress_changed.send(sender=Organisation, organisation=organisation, person_ids=ids)

    if learning_progress_changed.has_listeners(Organisation):
        transaction.on_commit(send)
