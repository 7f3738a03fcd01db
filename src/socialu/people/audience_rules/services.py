"""Change an organisation's audience rules. The first edit starts from the shipped defaults."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from socialu.core.audiences import Audience
from socialu.core.errors import InvalidInputError, NotFoundError
from socialu.core.models import Organisation
from socialu.people.audience_rules.placement import DEFAULT_RULES, check_rule
from socialu.people.audience_rules.selectors import audience_rules_for
from socialu.people.models import AudienceRule

MAX_RULES = 50


class AudienceRuleError(InvalidInputError):
    """A rule that cannot be saved; the message says what to change."""


def _save_defaults(organisation: Organisation) -> None:
    if not AudienceRule.objects.filter(organisation=organisation).exists():
        AudienceRule.objects.bulk_create(
            AudienceRule(
                organisation=organisation,
                position=rule.position,
                kind=rule.kind,
                value=rule.value,
                audience=rule.audience,
            )
            for rule in DEFAULT_RULES
        )


@transaction.atomic
def audience_rule_add(
    *, organisation: Organisation, kind: str, value: str = "", audience: str, position: int | None = None
) -> AudienceRule:
    """Add a rule at *position* (1 is tried first; default: last), moving later rules down."""
    value = value.strip()
    errors: dict[str, list[str]] = {}
    problem = check_rule(kind, value)
    if problem:
        errors["kind" if "kind of rule" in problem else "value"] = [problem]
    if audience not in Audience.values:
        errors["audience"] = [f"Choose one of: {', '.join(Audience.values)}."]
    if errors:
        raise AudienceRuleError("The rule cannot be saved.", errors=errors)
    _save_defaults(organisation)
    rules = AudienceRule.objects.filter(organisation=organisation)
    count = rules.count()
    if count >= MAX_RULES:
        raise AudienceRuleError(f"An organisation has at most {MAX_RULES} rules. Remove one first.")
    position = count + 1 if position is None else max(1, min(position, count + 1))
    # Move later rules down, from the last, so that the unique position is never held twice.
    for rule in rules.filter(position__gte=position).order_by("-position"):
        AudienceRule.objects.filter(pk=rule.pk).update(position=F("position") + 1)
    return AudienceRule.objects.create(
        organisation=organisation, position=position, kind=kind, value=value, audience=audience
    )


@transaction.atomic
def audience_rule_remove(*, organisation: Organisation, position: int) -> None:
    """Remove the rule at *position*; the later rules move up."""
    if not 1 <= position <= MAX_RULES:
        raise NotFoundError(f"There is no rule {position}. List the rules to see their numbers.")
    _save_defaults(organisation)
    deleted, _ = AudienceRule.objects.filter(organisation=organisation, position=position).delete()
    if not deleted:
        raise NotFoundError(f"There is no rule {position}. List the rules to see their numbers.")
    for rule in AudienceRule.objects.filter(organisation=organisation, position__gt=position).order_by("position"):
        AudienceRule.objects.filter(pk=rule.pk).update(position=F("position") - 1)


@transaction.atomic
def audience_rules_reset(*, organisation: Organisation) -> None:
    """Go back to the shipped default rules."""
    AudienceRule.objects.filter(organisation=organisation).delete()


__all__ = [
    "AudienceRuleError",
    "audience_rule_add",
    "audience_rule_remove",
    "audience_rules_for",
    "audience_rules_reset",
]
