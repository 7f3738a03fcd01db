"""Promotion must not ride on a tragedy; a mention alone is a reminder to take care."""

from __future__ import annotations

import datetime

from socialu.policycheck import Severity, Verdict
from tests.policycheck.support import found, run


def test_promotion_next_to_a_sensitive_event_is_blocked() -> None:
    result = run("Stay dry during the hurricane with 20% off TrailShell jackets, shop now!")
    assert found(result, "sensitive-event-promotion") == ["hurricane"]
    assert result.verdict is Verdict.BLOCK


def test_a_sensitive_event_without_promotion_is_a_reminder_to_take_care() -> None:
    result = run("Our thoughts are with everyone affected by the earthquake.")
    assert found(result, "sensitive-event-mention") == ["earthquake"]
    assert result.findings[0].severity is Severity.INFO
    assert result.verdict is Verdict.PASS


def test_the_message_names_the_event() -> None:
    (finding,) = run("Thinking of the Ridgeback Pass rescue teams").findings
    assert "Ridgeback Pass avalanche" in finding.message


def test_an_event_with_dates_is_sensitive_only_while_it_is_active() -> None:
    text = "Big sale on tents, buy now! Stay safe on Ridgeback Pass"
    assert found(run(text, today=datetime.date(2026, 3, 1)), "sensitive-event-promotion") == ["Ridgeback Pass"]
    assert found(run(text, today=datetime.date(2026, 9, 1)), "sensitive-event-promotion") == []
    assert found(run(text, today=datetime.date(2025, 12, 1)), "sensitive-event-promotion") == []


def test_a_date_like_9_11_is_matched_but_the_emergency_number_911_is_not() -> None:
    assert found(run("Remembering 9/11 today"), "sensitive-event-mention") == ["9/11"]
    assert found(run("In an emergency in the US call 911"), "sensitive-event-mention") == []
