"""Change an organisation's policy rules: save a new version, or go back to the default."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.policycheck import RuleSetError, load_rule_set
from socialu.preflight.models import OrganisationRuleSet, RuleSetVersion

MAX_YAML_CHARACTERS = 500_000


class PolicyRulesError(InvalidInputError):
    """The rule set cannot be saved; the message names the rule and field at fault."""


def _record_version(*, organisation: Organisation, yaml_text: str, user: Any) -> OrganisationRuleSet:
    record, _ = OrganisationRuleSet.objects.select_for_update().get_or_create(organisation=organisation)
    record.yaml = yaml_text
    record.version += 1
    record.updated_by = user
    record.save()
    RuleSetVersion.objects.create(organisation=organisation, version=record.version, yaml=yaml_text, saved_by=user)
    return record


def rule_set_save(*, organisation: Organisation, yaml_text: str, user: Any = None) -> OrganisationRuleSet:
    """Check *yaml_text* and save it as the organisation's next rule set version.

    Raise ``PolicyRulesError`` naming the rule and field at fault when the
    rules cannot be used; nothing is saved then.
    """
    yaml_text = yaml_text.replace("\r\n", "\n")
    if not yaml_text.strip():
        raise PolicyRulesError("The rule set is empty. Type the rules, or use “Reset to the default”.")
    if len(yaml_text) > MAX_YAML_CHARACTERS:
        raise PolicyRulesError(f"The rule set is too long: keep it under {MAX_YAML_CHARACTERS:,} characters.")
    try:
        load_rule_set(yaml_text)
    except RuleSetError as error:
        raise PolicyRulesError(f"The rules were not saved. {error}") from error
    with transaction.atomic():
        return _record_version(organisation=organisation, yaml_text=yaml_text, user=user)


def rule_set_reset(*, organisation: Organisation, user: Any = None) -> OrganisationRuleSet:
    """Put the organisation back on SocialU's default rule set, keeping the history."""
    with transaction.atomic():
        return _record_version(organisation=organisation, yaml_text="", user=user)
