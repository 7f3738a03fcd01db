"""What governance holds about a person: policy acknowledgements, accounts they look after, RACI columns."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from socialu.core.privacy import PersonDataSection, Row, person_data_section_register, rows_of
from socialu.governance.models import Acknowledgement, RaciParty, SocialAccount


def governance_rows(person: Any) -> list[Row]:
    """Return the person's acknowledgements, the social accounts they own or back up, and their RACI column."""
    scope = {"organisation_id": person.organisation_id}
    rows: list[Row] = [
        {"record": "policy acknowledged", **row}
        for row in rows_of(
            Acknowledgement.objects.filter(person_id=person.pk, **scope)
            .order_by("acknowledged_at", "pk")
            .values("policy_version__policy__title", "policy_version__number", "acknowledged_at", "source")
        )
    ]
    for account in SocialAccount.objects.filter(Q(owner_id=person.pk) | Q(backup_owner_id=person.pk), **scope):
        rows.append(
            {
                "record": "social media account",
                "platform": account.platform,
                "handle": account.handle,
                "your_part": "owner" if account.owner_id == person.pk else "backup owner",
            }
        )
    rows.extend(
        {"record": "named in who does what", **row}
        for row in rows_of(RaciParty.objects.filter(person_id=person.pk, **scope).values("key", "kind"))
    )
    return rows


def privacy_register() -> None:
    """Add governance records to exports. Erasure keeps them: the roster record they point at is anonymised."""
    person_data_section_register(
        PersonDataSection(
            key="governance",
            title="Policies and accounts",
            description="The policies you acknowledged, the social media accounts you look after, and where "
            "you are named in who does what.",
            collect=governance_rows,
            order=60,
        )
    )
