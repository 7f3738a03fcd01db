"""The "policy acknowledged" certification requirement, registered with certification when the app is ready.

Parameters: an optional ``policy`` slug. With it, the person must have
acknowledged the current version of that policy (if it applies to their
audience). Without it, every policy that asks for acknowledgement and applies
to the person must be acknowledged. One query per policy, never one per person.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef

from socialu.certification.requirements import (
    Parameters,
    RequirementKind,
    evaluation_moment,
    requirement_kind_register,
)
from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, PolicyVersion
from socialu.governance.policies.selectors import version_to_acknowledge
from socialu.people.selectors import people_in

POLICY_ACKNOWLEDGED = "policy_acknowledged"
HELP = (
    "The person has acknowledged the current version of a policy. Leave “policy” out to require every policy "
    "that asks for acknowledgement and applies to the person; a policy meant for other audiences never holds "
    "anyone back."
)


def _validate(parameters: Parameters) -> list[str]:
    problems = []
    unknown = sorted(set(parameters) - {"policy"})
    if unknown:
        problems.append(f"Unknown setting(s): {', '.join(unknown)}. Use only: policy.")
    slug = parameters.get("policy")
    if slug is not None and (not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug)):
        problems.append("“policy” must be a policy's web address name, such as social-media-policy.")
    return problems


def _describe(parameters: Parameters) -> str:
    slug = parameters.get("policy")
    if slug:
        return f"Acknowledge the current version of the policy “{slug}”"
    return "Acknowledge the current version of every policy that applies to you"


def _policies(organisation: Organisation, slug: str | None) -> list[Policy] | None:
    """Return the policies to check, or None when the named policy does not exist."""
    if slug:
        policy = Policy.objects.filter(organisation=organisation, slug=slug).first()
        return None if policy is None else [policy]
    return list(Policy.objects.filter(organisation=organisation, acknowledgement_required=True))


def policy_acknowledged_people(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    """Return which of *person_ids* (None: everyone) have acknowledged every policy the parameters name."""
    people = people_in(organisation=organisation)
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    policies = _policies(organisation, parameters.get("policy") or None)
    if policies is None:
        return set()
    meeting = set(people.order_by().values_list("pk", flat=True))
    # As of the moment certification checks at (now, unless it awards as of a past date).
    moment = evaluation_moment()
    versions: dict[int, list[PolicyVersion]] = {policy.pk: [] for policy in policies}
    for version in PolicyVersion.objects.filter(
        organisation=organisation, policy_id__in=list(versions), published_at__lte=moment
    ).order_by("policy_id", "-number"):
        versions[version.policy_id].append(version)
    for policy in policies:
        target = version_to_acknowledge(versions[policy.pk])
        if target is None or not meeting:
            continue
        counting = [version.pk for version in versions[policy.pk] if version.number >= target.number]
        concerned = people.filter(audience__in=policy.audiences) if policy.audiences else people
        missing = concerned.exclude(
            Exists(
                Acknowledgement.objects.filter(
                    organisation=organisation,
                    person_id=OuterRef("pk"),
                    policy_version_id__in=counting,
                    acknowledged_at__lte=moment,
                )
            )
        )
        meeting -= set(missing.order_by().values_list("pk", flat=True))
    return meeting


def policy_acknowledged_register() -> None:
    """Make "policy acknowledged" available to certification tiers."""
    values: dict[str, Any] = {
        "key": POLICY_ACKNOWLEDGED,
        "label": "Policy acknowledged",
        "describe": _describe,
        "validate": _validate,
        "people_meeting": policy_acknowledged_people,
    }
    optional = {"help": HELP, "example": {"policy": "social-media-policy"}, "as_of": True}
    names = {spec.name for spec in dataclasses.fields(RequirementKind)}
    values.update({name: value for name, value in optional.items() if name in names})
    requirement_kind_register(RequirementKind(**values))
