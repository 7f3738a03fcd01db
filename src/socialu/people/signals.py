"""Events the people app announces to the rest of SocialU.

People sits below the apps that care about its changes (learning enrols
people in their audience's path), so it cannot call them. It announces the
change instead; a listener does nothing but queue its own service as a task.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from socialu.core.models import Organisation

# Sent after the change has been committed, with ``organisation`` and
# ``person_ids`` (a list of ids, or None when any of the organisation's people
# may have changed, as after a roster import).
people_changed = Signal()

# Sent *inside* the transaction that deactivates people, with ``organisation``
# and ``person_ids``. Unlike the announcements above, which queue work for
# later, its listeners act at once (accounts takes the leavers' roles away and
# ends their sessions and tokens): access must end in the same transaction as
# employment, not whenever a worker gets to it.
people_deactivated = Signal()


def people_changed_announce(*, organisation: Organisation, person_ids: Iterable[int] | None) -> None:
    """Announce, once the current transaction commits, that these people were created or changed."""
    ids = None if person_ids is None else sorted(set(person_ids))
    transaction.on_commit(lambda: people_changed.send(sender=Organisation, organisation=organisation, person_ids=ids))


def people_deactivated_announce(*, organisation: Organisation, person_ids: Iterable[int]) -> None:
    """Tell the apps that hold access (accounts) that these people were deactivated, inside this transaction.

    Every way of deactivating people calls this: the person services (API and
    browser) and the roster import's full sync. A listener that refuses raises,
    and the deactivation rolls back with it.
    """
    ids = sorted(set(person_ids))
    if ids:
        people_deactivated.send(sender=Organisation, organisation=organisation, person_ids=ids)
