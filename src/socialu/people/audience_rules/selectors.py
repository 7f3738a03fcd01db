"""Read an organisation's audience rules (the shipped defaults when it has saved none)."""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.people.audience_rules.placement import DEFAULT_RULES, Rule
from socialu.people.models import AudienceRule


def audience_rules_for(*, organisation: Organisation) -> list[Rule]:
    """Return the organisation's rules in order; the defaults when it has not saved any."""
    saved = [
        Rule(position=rule.position, kind=rule.kind, value=rule.value, audience=rule.audience)
        for rule in AudienceRule.objects.filter(organisation=organisation).order_by("position")
    ]
    return saved or list(DEFAULT_RULES)


def audience_rules_are_defaults(*, organisation: Organisation) -> bool:
    """Return whether the organisation uses the shipped default rules."""
    return not AudienceRule.objects.filter(organisation=organisation).exists()
