"""Demo governance: the default policy, who has acknowledged it, and (as they are built) the rest of governance."""

from __future__ import annotations

from django.utils import timezone

from socialu.core.models import Organisation
from socialu.governance.services import acknowledgements_import, policy_install_default
from socialu.people.selectors import DirectoryFilters, directory_queryset


def _acknowledge_for_two_in_three(organisation: Organisation, *, policy_slug: str) -> None:
    """Record that two people in three have acknowledged the policy, so coverage has something to show."""
    people = directory_queryset(organisation=organisation, filters=DirectoryFilters())
    today = timezone.localdate().isoformat()
    rows = [
        {"employee_id": employee_id, "policy": policy_slug, "version": "1", "acknowledged_at": today}
        for index, employee_id in enumerate(people.order_by("pk").values_list("employee_id", flat=True))
        if index % 3
    ]
    acknowledgements_import(organisation=organisation, rows=rows)


def seed(organisation: Organisation) -> None:
    """Install the default policy and record acknowledgements from two people in three."""
    policy, _ = policy_install_default(organisation=organisation)
    _acknowledge_for_two_in_three(organisation, policy_slug=policy.slug)
