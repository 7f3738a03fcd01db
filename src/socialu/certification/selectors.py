"""Read-only queries over certificates."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.core.models import Organisation


def current_certificates(*, organisation: Organisation, at: datetime | None = None) -> QuerySet[Certificate]:
    """Certificates of *organisation* that are valid at *at* (default now): issued, unexpired, not revoked."""
    moment = at or timezone.now()
    return Certificate.objects.filter(
        organisation=organisation, revoked_at__isnull=True, issued_at__lte=moment, expires_at__gt=moment
    )


def certified_person_ids(*, organisation: Organisation, person_ids: Collection[int] | None = None) -> set[int]:
    """Return which of *person_ids* (default: everyone) hold a current certificate of any tier."""
    certificates = current_certificates(organisation=organisation)
    if person_ids is not None:
        certificates = certificates.filter(person_id__in=list(person_ids))
    return set(certificates.values_list("person_id", flat=True).distinct())
