"""Claims the company has not approved are caught by category, with warn or block as the rule set says."""

from __future__ import annotations

import pytest

from socialu.policycheck import Severity
from tests.policycheck.support import found, run


@pytest.mark.parametrize(
    ("rule_id", "text", "excerpt"),
    [
        ("claim-guarantee", "Dry feet guaranteed on every hike", "guaranteed"),
        ("claim-guarantee", "The Ridgeline tent is 100% safe in storms", "100% safe"),
        ("claim-guarantee", "A risk-free trial for everyone", "risk-free"),
        ("claim-superlative", "Simply the best in the world", "the best in the world"),
        ("claim-superlative", "The number one jacket for hikers", "number one"),
        ("claim-superlative", "A zip that never fails", "never fails"),
        ("claim-forward-looking", "Our revenue will double this year", "revenue will double"),
        ("claim-forward-looking", "Kestrel shares will rise after the launch", "shares will rise"),
        ("claim-forward-looking", "Expect record profits next quarter", "record profits next quarter"),
        ("claim-medical-legal", "Fresh air cures everything", "cures"),
        ("claim-medical-legal", "This balm prevents cancer", "prevents cancer"),
        ("claim-medical-legal", "Your refund is legally guaranteed", "legally guaranteed"),
    ],
)
def test_an_unapproved_claim_is_found_in_its_category(rule_id: str, text: str, excerpt: str) -> None:
    assert found(run(text), rule_id) == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "Our jacket kept me dry on a wet weekend",
        "Revenue grew last year, as reported in our annual report",
        "We are one of many brands at the show",
        "Shares of the trail photos are welcome",
    ],
)
def test_ordinary_statements_are_not_claims(text: str) -> None:
    result = run(text)
    assert not [finding for finding in result.findings if finding.category == "claims"]


def test_financial_and_medical_claims_block_while_guarantees_warn() -> None:
    result = run("Guaranteed: our revenue will double")
    severities = {finding.rule_id: finding.severity for finding in result.findings}
    assert severities["claim-guarantee"] is Severity.WARN
    assert severities["claim-forward-looking"] is Severity.BLOCK
