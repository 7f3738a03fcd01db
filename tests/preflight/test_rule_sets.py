"""Saving, validating, resetting and reading an organisation's rule set."""

from __future__ import annotations

import time

import pytest
import yaml

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.policycheck import Verdict, check, default_rule_set
from socialu.preflight import selectors, services
from socialu.preflight.models import OrganisationRuleSet, RuleSetVersion
from tests.preflight.conftest import BAD_SEVERITY_YAML, rules_with_confidential_term


def _verdict(organisation: Organisation, text: str) -> Verdict:
    rules = selectors.rule_set_for(organisation=organisation)
    return check(text, platform="x", account_kind="official", rules=rules).verdict


def test_an_organisation_without_rules_uses_the_default(organisation: Organisation) -> None:
    assert selectors.rule_set_for(organisation=organisation) is default_rule_set()
    assert "Project Falcon" in selectors.rule_set_yaml_for(organisation=organisation)


def test_a_term_the_organisation_adds_blocks_its_posts_only(
    organisation: Organisation, other_organisation: Organisation, admin_user: User
) -> None:
    services.rule_set_save(
        organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"), user=admin_user
    )

    assert _verdict(organisation, "Operation Osprey starts on Monday.") is Verdict.BLOCK
    assert _verdict(other_organisation, "Operation Osprey starts on Monday.") is Verdict.PASS


def test_saving_counts_versions_and_keeps_the_history(organisation: Organisation, admin_user: User) -> None:
    first = services.rule_set_save(
        organisation=organisation, yaml_text=rules_with_confidential_term("Alpha"), user=admin_user
    )
    second = services.rule_set_save(
        organisation=organisation, yaml_text=rules_with_confidential_term("Beta"), user=admin_user
    )

    assert (first.version, second.version) == (1, 2)
    history = list(selectors.rule_set_versions(organisation=organisation))
    assert [version.version for version in history] == [2, 1]
    assert history[0].saved_by == admin_user
    assert "Beta" in history[0].yaml
    assert _verdict(organisation, "Beta is coming") is Verdict.BLOCK
    assert _verdict(organisation, "Alpha is coming") is Verdict.PASS


def test_invalid_rules_name_the_rule_and_field_and_save_nothing(organisation: Organisation, admin_user: User) -> None:
    with pytest.raises(services.PolicyRulesError) as raised:
        services.rule_set_save(organisation=organisation, yaml_text=BAD_SEVERITY_YAML, user=admin_user)

    assert "rules.confidential.severity" in raised.value.message
    assert "fatal" in raised.value.message
    assert not OrganisationRuleSet.objects.filter(organisation=organisation).exists()
    assert not RuleSetVersion.objects.filter(organisation=organisation).exists()


def test_invalid_rules_leave_the_saved_version_in_force(organisation: Organisation, admin_user: User) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Gamma"), user=admin_user)

    with pytest.raises(services.PolicyRulesError, match="not valid YAML"):
        services.rule_set_save(organisation=organisation, yaml_text="rules: [unclosed", user=admin_user)

    record = selectors.rule_set_record(organisation=organisation)
    assert record is not None and record.version == 1
    assert _verdict(organisation, "Gamma is coming") is Verdict.BLOCK


def test_empty_rules_are_refused(organisation: Organisation) -> None:
    with pytest.raises(services.PolicyRulesError, match="empty"):
        services.rule_set_save(organisation=organisation, yaml_text="  \n", user=None)


def test_reset_goes_back_to_the_default_and_is_recorded(organisation: Organisation, admin_user: User) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Delta"), user=admin_user)

    record = services.rule_set_reset(organisation=organisation, user=admin_user)

    assert record.version == 2
    assert selectors.rule_set_for(organisation=organisation) is default_rule_set()
    assert _verdict(organisation, "Delta is coming") is Verdict.PASS
    assert [version.is_default for version in selectors.rule_set_versions(organisation=organisation)] == [True, False]


def test_the_loaded_rule_set_is_reused_until_a_new_version_is_saved(
    organisation: Organisation, admin_user: User
) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Echo"), user=admin_user)
    first = selectors.rule_set_for(organisation=organisation)

    assert selectors.rule_set_for(organisation=organisation) is first
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Fox"), user=admin_user)
    assert selectors.rule_set_for(organisation=organisation) is not first


def _rules_with_claim_pattern(pattern: str) -> str:
    data = yaml.safe_load(selectors.default_rule_set_yaml())
    data["rules"]["claims"][0]["patterns"] = [pattern]
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?<!\w)guaranteed", "look-behind"),
        (r"(dry)\1", "back-references"),
        (r"dry++", "possessive quantifiers"),
        (r"a{5000}", "repetition count is over 1000"),
    ],
)
def test_a_pattern_re2_cannot_run_is_refused_when_saved_with_the_reason(
    organisation: Organisation, admin_user: User, pattern: str, reason: str
) -> None:
    with pytest.raises(services.PolicyRulesError) as raised:
        services.rule_set_save(organisation=organisation, yaml_text=_rules_with_claim_pattern(pattern), user=admin_user)

    assert "rules.claims[0].patterns[0]" in raised.value.message
    assert reason in raised.value.message
    assert not OrganisationRuleSet.objects.filter(organisation=organisation).exists()


def test_a_catastrophic_pattern_is_saved_and_runs_in_linear_time(organisation: Organisation, admin_user: User) -> None:
    # On a backtracking engine ^(a+)+$ takes seconds on 28 characters and doubles with each one more.
    services.rule_set_save(organisation=organisation, yaml_text=_rules_with_claim_pattern(r"^(a+)+$"), user=admin_user)
    rules = selectors.rule_set_for(organisation=organisation)

    started = time.perf_counter()
    hostile = check("a" * 5_000 + "!", platform="x", account_kind="official", rules=rules)
    elapsed = time.perf_counter() - started

    assert elapsed < 2, "the pattern backtracked"
    assert check("aaaa", platform="x", account_kind="official", rules=rules).verdict is Verdict.WARN
    assert "claim-guarantee" not in {finding.rule_id for finding in hostile.findings}


def test_saved_rules_that_no_longer_load_fall_back_to_the_default_and_say_why(organisation: Organisation) -> None:
    # Rules saved before patterns ran on RE2 may use a look-behind; the page must say so, checks must go on.
    OrganisationRuleSet.objects.create(
        organisation=organisation, yaml=_rules_with_claim_pattern(r"(?<!\w)guaranteed"), version=1
    )

    assert selectors.rule_set_for(organisation=organisation) is default_rule_set()
    problem = selectors.rule_set_problem(organisation=organisation)
    assert problem.startswith("rules.claims[0].patterns[0]: RE2")
    assert "look-behind" in problem
