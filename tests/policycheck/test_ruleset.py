"""Rule sets load from YAML or mappings, explain their mistakes, and write themselves back unchanged."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
import yaml

from socialu.policycheck import RuleSet, RuleSetError, Verdict, check, default_rule_set, load_rule_set
from socialu.policycheck.rules.base import Rule


def default_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(default_rule_set().to_yaml())
    return data


def all_rules(value: object) -> list[Rule]:
    found: list[Rule] = []
    if isinstance(value, Rule):
        found.append(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            found.extend(all_rules(getattr(value, field.name)))
    elif isinstance(value, tuple):
        for item in value:
            found.extend(all_rules(item))
    return found


def test_the_default_rule_set_loads_and_covers_every_rule_kind(rules: RuleSet) -> None:
    kinds = {field.name for field in dataclasses.fields(rules.rules)}
    assert all(getattr(rules.rules, kind) for kind in kinds)
    assert rules.rules.confidential is not None
    assert "Project Falcon" in rules.rules.confidential.terms


def test_every_default_rule_has_an_id_severity_message_and_fix(rules: RuleSet) -> None:
    every = all_rules(rules)
    assert len(every) >= 20
    for rule in every:
        assert rule.id and rule.message.strip() and rule.fix.strip()
        # A whole sentence each: an unquoted " #" in YAML would silently cut the text short.
        assert rule.message.endswith((".", "!", "?")), rule.id
        assert rule.fix.endswith((".", "!", "?")), rule.id
    assert len({rule.id for rule in every}) == len(every)


def test_the_default_rule_set_round_trips_through_yaml(rules: RuleSet) -> None:
    assert load_rule_set(rules.to_yaml()) == rules


def test_a_changed_rule_set_round_trips_through_yaml_with_dates() -> None:
    data = default_data()
    data["rules"]["sensitive_events"]["events"].append(
        {"name": "Storm Ada", "terms": ["Storm Ada"], "active_from": "2026-02-01", "active_until": None}
    )
    changed = load_rule_set(data)
    assert changed != default_rule_set()
    assert changed.rules.sensitive_events is not None
    assert changed.rules.sensitive_events.events[-1].active_from == datetime.date(2026, 2, 1)
    assert load_rule_set(changed.to_yaml()) == changed


def test_a_bad_regular_expression_names_the_rule_and_field() -> None:
    data = default_data()
    data["rules"]["personal_data"]["extra_patterns"][2]["pattern"] = "(unclosed"
    with pytest.raises(RuleSetError) as error:
        load_rule_set(data)
    assert str(error.value).startswith(
        "rules.personal_data.extra_patterns[2].pattern: not a valid regular expression: "
    )


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "rules: {claims: [{id: c, severity: warn, message: m, fix: f, patterns: ['a', '[']}]}",
            "rules.claims[0].patterns[1]: not a valid regular expression",
        ),
        (
            "rules: {claims: [{id: c, severity: warn, message: m, fix: f, patterns: ['x*']}]}",
            "rules.claims[0].patterns[0]: the regular expression matches empty text",
        ),
        (
            "rules: {confidential: {id: x, severity: fatal, message: m, fix: f}}",
            "rules.confidential.severity: 'fatal' is not one of info, warn, block",
        ),
        ("rules: {confidentail: {}}", "rules.confidentail: unknown field (did you mean 'confidential'?)"),
        (
            "rules: {confidential: {severity: block, message: m, fix: f}}",
            "rules.confidential.id: required field is missing",
        ),
        (
            "rules: {confidential: {id: x, severity: block, message: 'Hi {who}', fix: f}}",
            "rules.confidential.message: unknown placeholder {who}",
        ),
        (
            "rules: {confidential: {id: x, severity: block, message: m, fix: f, terms: Falcon}}",
            "rules.confidential.terms: expected a list",
        ),
        (
            "rules: {disparagement: {id: d, severity: warn, message: m, fix: f, window_words: 0}}",
            "rules.disparagement.window_words: choose a number of words from 1 to 50",
        ),
        (
            "rules: {platform_limits: {platforms: {myspace: {max_length: 3}}}}",
            "rules.platform_limits.platforms.myspace: 'myspace' is not one of",
        ),
        (
            "rules: {platform_limits: {platforms: {x: {max_length: many}}}}",
            "rules.platform_limits.platforms.x.max_length: expected a whole number",
        ),
        (
            "rules: {tone: {shouting: {id: s, severity: warn, message: m, fix: f, threshold: 2}}}",
            "rules.tone.shouting.threshold:",
        ),
        (
            "rules: {sensitive_events: {events: [{name: Storm, terms: [storm], active_from: soon}]}}",
            "rules.sensitive_events.events[0].active_from: expected a date",
        ),
        (
            "rules: {claims: [{id: a, severity: warn, message: m, fix: f},"
            " {id: a, severity: info, message: n, fix: g}]}",
            "rules.claims[1].id: the id 'a' is already used by rules.claims[0]",
        ),
        ("version: 2", "version: this checker reads rule sets of version 1"),
        ("rules: [", "rule set: not valid YAML at line 1"),
        ("", "rule set: it is empty"),
        ("- just a list", "rule set: expected a mapping of fields"),
    ],
)
def test_a_mistake_in_a_rule_set_is_reported_with_the_rule_and_field(yaml_text: str, message: str) -> None:
    with pytest.raises(RuleSetError) as error:
        load_rule_set(yaml_text)
    assert str(error.value).startswith(message)


def test_a_rule_can_be_switched_off() -> None:
    data = default_data()
    data["rules"]["confidential"]["enabled"] = False
    rules = load_rule_set(data)
    result = check("Project Falcon", platform="x", account_kind="official", rules=rules)
    assert [finding.rule_id for finding in result.findings] == []


def test_an_empty_rule_set_finds_nothing() -> None:
    rules = load_rule_set({})
    result = check("Project Falcon, you idiot, 4111 1111 1111 1111", platform="x", account_kind="personal", rules=rules)
    assert result.verdict is Verdict.PASS
    assert result.findings == ()


def test_rule_sets_are_frozen(rules: RuleSet) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.name = "changed"  # type: ignore[misc]
