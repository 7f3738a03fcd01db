"""The "coaching engagement completed" certification requirement kind, registered from ``ready()``."""

from __future__ import annotations

from collections.abc import Collection

from socialu.certification.requirements import (
    Parameters,
    RequirementKind,
    evaluation_moment,
    requirement_kind_register,
)
from socialu.coaching.models import Engagement, EngagementStatus
from socialu.core.models import Organisation

KIND_KEY = "coaching_engagement_completed"


def _describe(parameters: Parameters) -> str:
    return "Complete a 1:1 executive coaching engagement"


def _validate(parameters: Parameters) -> list[str]:
    unknown = sorted(set(parameters) - set())
    return [f"This requirement takes no settings; remove “{key}”." for key in unknown]


def people_completed(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    """Return the executives (of *person_ids*, or all) with an engagement completed by the evaluation moment."""
    engagements = Engagement.objects.filter(
        organisation=organisation, status=EngagementStatus.COMPLETED, completed_at__lte=evaluation_moment()
    )
    if person_ids is not None:
        engagements = engagements.filter(executive_id__in=list(person_ids))
    return set(engagements.values_list("executive_id", flat=True))


def requirement_kind_register_coaching() -> None:
    """Let certification tiers ask for a completed coaching engagement."""
    requirement_kind_register(
        RequirementKind(
            key=KIND_KEY,
            label="Coaching engagement completed",
            describe=_describe,
            validate=_validate,
            people_meeting=people_completed,
            help="The person was the executive in a 1:1 coaching engagement their coach closed as completed.",
            example={},
            as_of=True,
        )
    )
