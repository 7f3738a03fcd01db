"""Fixtures for governance tests: a published policy and a learner linked to a person."""

from __future__ import annotations

from datetime import date

import pytest

from socialu.core.models import Organisation
from socialu.governance.models import Policy, PolicyVersion
from socialu.governance.policies.services import policy_create, policy_version_publish


def publish(
    policy: Policy, *, requires_reacknowledgement: bool = True, effective_on: date | None = None, text: str = "Text"
) -> PolicyVersion:
    return policy_version_publish(
        policy=policy,
        summary=f"Summary: {text}",
        body=f"## Rules\n\n{text}",
        effective_on=effective_on or date(2026, 1, 5),
        requires_reacknowledgement=requires_reacknowledgement,
        user=None,
    )


@pytest.fixture
def policy(organisation: Organisation) -> Policy:
    created = policy_create(organisation=organisation, title="Social media policy")
    publish(created)
    return created
