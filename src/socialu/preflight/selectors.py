"""Read an organisation's policy rules: the rule set in force, its YAML and its history."""

from __future__ import annotations

import importlib.resources
import logging
import threading
from collections import OrderedDict
from datetime import datetime

from django.db.models import QuerySet

from socialu.core.models import Organisation, RoleAssignment
from socialu.policycheck import RuleSet, RuleSetError, default_rule_set, load_rule_set
from socialu.preflight.models import OrganisationRuleSet, RuleSetVersion

_CACHE_SIZE = 256
# (organisation id, version, saved at) → the loaded rule set. The time guards
# against a test database handing the same id and version to another organisation.
_cache: OrderedDict[tuple[int, int, datetime], RuleSet] = OrderedDict()
_cache_lock = threading.Lock()
logger = logging.getLogger(__name__)


def default_rule_set_yaml() -> str:
    """Return the YAML of SocialU's default rule set as shipped, comments included."""
    files = importlib.resources.files("socialu.policycheck")
    return files.joinpath("default_rules.yaml").read_text(encoding="utf-8")


def rule_set_record(*, organisation: Organisation) -> OrganisationRuleSet | None:
    """Return the organisation's saved rule set row, or None when it has never saved one."""
    return OrganisationRuleSet.objects.filter(organisation=organisation).select_related("updated_by").first()


def rule_set_yaml_for(*, organisation: Organisation) -> str:
    """Return the YAML of the rule set in force: the organisation's own, or the default's."""
    record = rule_set_record(organisation=organisation)
    return record.yaml if record is not None and record.yaml else default_rule_set_yaml()


def rule_set_for(*, organisation: Organisation) -> RuleSet:
    """Return the organisation's rule set, or the default when it has none; loaded once per version."""
    state = OrganisationRuleSet.objects.filter(organisation=organisation).values_list("version", "updated_at").first()
    if state is None:
        return default_rule_set()
    key = (organisation.pk, state[0], state[1])
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    text = OrganisationRuleSet.objects.filter(organisation=organisation).values_list("yaml", flat=True).first()
    # Saved YAML was validated when it was saved; the default stands in for an empty one, and for rules an
    # older SocialU accepted that this one refuses (a pattern RE2 cannot run): the rules page says why.
    try:
        rule_set = load_rule_set(text) if text else default_rule_set()
    except RuleSetError as error:
        logger.warning(
            "Organisation %s: saved policy rules no longer load (%s); using the default", organisation.pk, error
        )
        rule_set = default_rule_set()
    with _cache_lock:
        _cache[key] = rule_set
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return rule_set


def rule_set_problem(*, organisation: Organisation) -> str:
    """Return why the organisation's saved rules no longer load (checks then use the default), or ""."""
    record = rule_set_record(organisation=organisation)
    if record is None or not record.yaml:
        return ""
    try:
        load_rule_set(record.yaml)
    except RuleSetError as error:
        return str(error)
    return ""


def rule_set_versions(*, organisation: Organisation) -> QuerySet[RuleSetVersion]:
    """Return the organisation's saved versions, newest first, with who saved them."""
    return RuleSetVersion.objects.filter(organisation=organisation).select_related("saved_by").order_by("-version")


def organisations_of(*, user_id: int) -> list[Organisation]:
    """Return the organisations the user is a member of, by name."""
    ids = RoleAssignment.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
