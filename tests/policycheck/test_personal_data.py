"""Personal data is found by shape and checksum, not by any run of digits."""

from __future__ import annotations

import pytest

from socialu.policycheck import load_rule_set
from socialu.policycheck.rules.personal_data import iban_valid, luhn_valid
from tests.policycheck.support import found, run


@pytest.mark.parametrize("address", ["jane.doe@example.com", "j+news@mail.example.co.uk"])
def test_an_email_address_is_flagged(address: str) -> None:
    assert found(run(f"Write to {address} today"), "personal-email") == [address]


def test_a_mention_is_not_an_email_address() -> None:
    assert found(run("Thanks @kestrel_team for the help"), "personal-email") == []


@pytest.mark.parametrize(
    "number",
    [
        "+44 20 7946 0958",
        "(555) 123-4567",
        "555-123-4567",
        "555 123 4567",
        "+1-202-555-0143",
        "+1 (555) 123-4567",
        "07700 900123",
        "020 7946 0958",
    ],
)
def test_a_phone_number_in_a_common_format_is_flagged(number: str) -> None:
    assert found(run(f"Call me on {number} tonight"), "personal-phone") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "See you in 2026",
        "The tent costs $1,299 this season",
        "Over 1,000,000 steps walked since 2019-2026",
        "Meet on 23.11.2026 at 10:30",
        "Order 12345 shipped",
        "Our 3 day trip covered 42 km",
        "Scores were 100 200 3000 today",
        "ISBN 978-0-306-40615-7",
        "Order #555-123-4567 shipped",
    ],
)
def test_years_prices_and_ordinary_numbers_are_not_phone_numbers(text: str) -> None:
    assert found(run(text), "personal-phone") == []


def test_a_luhn_valid_card_number_is_blocked_with_spaces_or_dashes() -> None:
    text = "Card 4111 1111 1111 1111 and 5500-0000-0000-0004"
    assert found(run(text), "payment-card") == ["4111 1111 1111 1111", "5500-0000-0000-0004"]


def test_a_card_shaped_number_that_fails_luhn_is_not_a_card() -> None:
    assert found(run("Ticket 4111 1111 1111 1112"), "payment-card") == []


def test_the_luhn_checksum_accepts_and_rejects() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


@pytest.mark.parametrize(
    "iban", ["GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00"]
)
def test_a_valid_iban_is_blocked_with_or_without_spaces(iban: str) -> None:
    assert found(run(f"Pay into {iban} please"), "bank-account") == [iban]


def test_an_iban_with_a_wrong_check_digit_is_not_flagged() -> None:
    assert found(run("Pay into GB83 WEST 1234 5698 7654 32 please"), "bank-account") == []


def test_the_iban_checksum_needs_the_right_length_for_the_country() -> None:
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST1234569876543")
    assert not iban_valid("ZZ82WEST12345698765432")


def test_a_card_number_is_not_reported_again_as_a_phone_number() -> None:
    result = run("4111 1111 1111 1111")
    assert found(result, "payment-card") == ["4111 1111 1111 1111"]
    assert found(result, "personal-phone") == []


def test_full_width_digits_are_read_as_digits() -> None:
    text = "Call ５５５-１２３-４５６７ now"
    assert found(run(text), "personal-phone") == ["５５５-１２３-４５６７"]


def test_the_organisations_extra_patterns_are_applied() -> None:
    assert found(run("My badge is KOC-123456"), "employee-number") == ["KOC-123456"]
    assert found(run("SSN 078-05-1120 leaked"), "us-social-security-number") == ["078-05-1120"]


def test_an_extra_pattern_is_matched_ignoring_case() -> None:
    rules = load_rule_set(
        {
            "rules": {
                "personal_data": {
                    "extra_patterns": [
                        {"id": "ticket", "severity": "warn", "message": "m", "fix": "f", "pattern": r"TICKET-\d+"}
                    ]
                }
            }
        }
    )
    assert found(run("see ticket-42", rules=rules), "ticket") == ["ticket-42"]
