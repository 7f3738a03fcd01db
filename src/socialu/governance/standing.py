"""Standing in the spokesperson register: every current policy that applies to a person acknowledged.

Registered with certification when the app is ready (certification never
imports governance). A certified person who has not acknowledged the version
of a policy they must acknowledge — after a new version that asks everyone
again, typically — shows in the register as "Suspended until acknowledged"
until they do. The rules are the same as the "policy acknowledged" requirement
without a policy named: policies that ask for acknowledgement, meant for the
person's audience, acknowledged at the newest version that asked everyone again
or any minor edit after it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from socialu.certification.standing import Outstanding, StandingCondition, standing_condition_register
from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, PolicyVersion
from socialu.governance.policies.selectors import version_to_acknowledge
from socialu.people.selectors import people_in


def _to_acknowledge(organisation: Organisation) -> list[tuple[Policy, PolicyVersion, PolicyVersion, list[int]]]:
    """Return (policy, current version, version to acknowledge, ids of the versions that count) per policy."""
    policies = list(Policy.objects.filter(organisation=organisation, acknowledgement_required=True).order_by("title"))
    versions: dict[int, list[PolicyVersion]] = {policy.pk: [] for policy in policies}
    for version in PolicyVersion.objects.filter(organisation=organisation, policy_id__in=list(versions)).order_by(
        "policy_id", "-number"
    ):
        versions[version.policy_id].append(version)
    found = []
    for policy in policies:
        target = version_to_acknowledge(versions[policy.pk])
        if target is not None:
            counting = [version.pk for version in versions[policy.pk] if version.number >= target.number]
            found.append((policy, versions[policy.pk][0], target, counting))
    return found


def _missing(organisation: Organisation, policy: Policy, counting: list[int]) -> Q:
    not_acknowledged = ~Exists(
        Acknowledgement.objects.filter(
            organisation=organisation, person_id=OuterRef("pk"), policy_version_id__in=counting
        )
    )
    concerned = Q(audience__in=policy.audiences) if policy.audiences else Q()
    return concerned & Q(not_acknowledged)


def people_with_policies_outstanding(organisation: Organisation) -> QuerySet[Any]:
    """Return the people who still have to acknowledge a policy that applies to them."""
    condition = Q(pk__in=[])
    for policy, _, _, counting in _to_acknowledge(organisation):
        condition |= _missing(organisation, policy, counting)
    return people_in(organisation=organisation).filter(condition)


def policies_outstanding(organisation: Organisation, person_ids: Collection[int]) -> dict[int, list[Outstanding]]:
    """Return, for each of *person_ids* with a policy left to acknowledge, which ones (one query per policy)."""
    found: dict[int, list[Outstanding]] = {}
    people = people_in(organisation=organisation).filter(pk__in=list(person_ids))
    for policy, current, target, counting in _to_acknowledge(organisation):
        item = Outstanding(
            key=f"policy-version-{target.pk}", text=f"Acknowledge “{policy.title}” (version {current.number})"
        )
        for person_id in people.filter(_missing(organisation, policy, counting)).values_list("pk", flat=True):
            found.setdefault(person_id, []).append(item)
    return found


def standing_register() -> None:
    """Tell certification that a listed spokesperson has acknowledged every policy that applies to them."""
    standing_condition_register(
        StandingCondition(
            key="policies_acknowledged",
            suspended_label="Suspended until acknowledged",
            people_outstanding=people_with_policies_outstanding,
            outstanding=policies_outstanding,
            url_name="policies",
        )
    )
