"""Shared helpers for the policy pre-flight tests."""

from __future__ import annotations

import yaml

from socialu.preflight.selectors import default_rule_set_yaml


def rules_with_confidential_term(term: str) -> str:
    """Return the default rules as YAML with *term* added to the confidential terms."""
    data = yaml.safe_load(default_rule_set_yaml())
    data["rules"]["confidential"]["terms"].append(term)
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


BAD_SEVERITY_YAML = """\
version: 1
name: Broken rules
rules:
  confidential:
    id: confidential-term
    severity: fatal
    message: "“{match}” is confidential."
    fix: Remove it.
    terms: [Project Falcon]
"""
