"""Share the default rule set across the policy checker's tests (no Django needed)."""

from __future__ import annotations

import pytest

from socialu.policycheck import RuleSet, default_rule_set


@pytest.fixture
def rules() -> RuleSet:
    return default_rule_set()
