"""The command line checks a draft, prints findings and exits by the verdict."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from socialu.policycheck import default_rule_set, load_rule_set
from socialu.policycheck.__main__ import main


def test_a_blocked_draft_prints_its_findings_and_exits_with_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--platform", "x", "--account", "personal", "Ask me about Project Falcon"]) == 1
    output = capsys.readouterr().out
    assert output.startswith("BLOCK: 1 finding\n")
    assert "confidential-term at 13-27" in output
    assert "Fix: Remove it." in output


def test_a_warning_exits_with_0_unless_warnings_should_fail(capsys: pytest.CaptureFixture[str]) -> None:
    draft = "Dry feet guaranteed"
    assert main([draft]) == 0
    assert main(["--fail-on", "warn", draft]) == 1


def test_the_draft_can_come_from_standard_input_and_the_result_as_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("A quiet walk by the river."))
    assert main(["--json", "--platform", "linkedin"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "pass"
    assert data["platform"] == "linkedin"


def test_a_broken_rule_set_exits_with_2_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: {confidential: {id: c, severity: loud, message: m, fix: f}}", encoding="utf-8")
    assert main(["--rules", str(rules), "hello"]) == 2
    assert "rules.confidential.severity: 'loud' is not one of" in capsys.readouterr().err


def test_the_default_rule_set_can_be_printed_to_start_a_new_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print-default-rules"]) == 0
    assert load_rule_set(capsys.readouterr().out) == default_rule_set()


@pytest.mark.parametrize("draft", ["", "  \n "])
def test_an_empty_draft_exits_with_2_and_says_why(draft: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--platform", "x", draft]) == 2
    assert "The draft is empty" in capsys.readouterr().err
