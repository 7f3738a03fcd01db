"""Events the certification app announces: certificates were issued or changed.

A certificate issued one at a time is saved, so Django's own ``post_save``
tells whoever listens; certificates issued in bulk are inserted together and
send no ``post_save``. Every award therefore announces itself here, once the
transaction commits, so that listeners (the programme dashboard) hear of bulk
awards exactly as of single ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from socialu.core.models import Organisation

# Sent after commit with ``organisation`` and ``certificate_ids`` (the certificates issued or changed).
certificates_changed = Signal()


def certificates_changed_announce(*, organisation: Organisation, certificate_ids: Iterable[int]) -> None:
    """Announce, once the current transaction commits, that these certificates were issued or changed."""
    ids = sorted(set(certificate_ids))
    if ids:
        transaction.on_commit(
            lambda: certificates_changed.send(sender=Organisation, organisation=organisation, certificate_ids=ids)
        )
