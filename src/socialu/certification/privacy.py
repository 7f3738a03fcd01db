"""What certification holds about a person (their certificates), and erasure: anonymised and revoked."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.core.privacy import (
    ERASED_NAME,
    ErasureOutcome,
    PersonDataSection,
    PersonEraser,
    Row,
    person_data_section_register,
    person_eraser_register,
    rows_of,
)

ERASURE_REASON = "The holder's personal data was erased at their request or under the retention policy."


def certificate_rows(person: Any) -> list[Row]:
    """Return every certificate the person holds or held."""
    return rows_of(
        Certificate.objects.filter(organisation_id=person.organisation_id, person_id=person.pk)
        .order_by("issued_at", "pk")
        .values("code", "tier_name", "holder_name", "issued_at", "expires_at", "revoked_at", "revoked_reason")
    )


def certificates_erase(person: Any) -> ErasureOutcome:
    """Take the holder's name off their certificates and revoke them, so public verification answers "revoked"."""
    certificates = Certificate.objects.filter(organisation_id=person.organisation_id, person_id=person.pk)
    identifiers = tuple(("certification.certificate", str(pk)) for pk in certificates.values_list("pk", flat=True))
    certificates.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_reason=ERASURE_REASON)
    rows = certificates.update(holder_name=ERASED_NAME, revoked_by=None)
    return ErasureOutcome(rows=rows, objects=identifiers)


def privacy_register() -> None:
    """Add certificates to exports and erasure."""
    person_data_section_register(
        PersonDataSection(
            key="certificates",
            title="Your certificates",
            description="Every certificate you were awarded, with its code, dates and status.",
            collect=certificate_rows,
            order=40,
        )
    )
    person_eraser_register(PersonEraser(key="certification.certificates", erase=certificates_erase, order=300))
