"""`socialu escalation`: the tree and the log from the command line, with exit codes and JSON."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.escalation import selectors, services
from socialu.escalation.models import DecisionLogEntry
from socialu.escalation.tree import document_to_yaml
from tests.escalation.conftest import TO_FIX_FACTS, TO_THANKS

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    output = StringIO()
    call_command("escalation", *args, stdout=output, stderr=output)
    return output.getvalue()


def test_export_then_import_round_trips_and_an_unchanged_import_saves_nothing(
    organisation: Organisation, tmp_path: Path
) -> None:
    file = tmp_path / "tree.yaml"
    assert "Wrote the decision tree" in run("tree", "export", "--org", "acme", str(file))
    text = file.read_text(encoding="utf-8").replace("Thank them, and share it if it fits", "Thank them")
    file.write_text(text, encoding="utf-8")
    assert "Saved version 1" in run("tree", "import", "--org", "acme", str(file))
    assert "Nothing changed" in run("tree", "import", "--org", "acme", str(file))
    assert "Thank them\n" in run("tree", "export", "--org", "acme", "--version", "1")


def test_validate_lists_problems_by_node_and_exits_1(tmp_path: Path) -> None:
    file = tmp_path / "broken.yaml"
    document = selectors.default_document()
    document["nodes"]["tone"]["options"].append({"label": "Again", "next": "tone"})
    file.write_text(document_to_yaml(document), encoding="utf-8")
    output = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("escalation", "tree", "validate", str(file), "--json", stdout=output)
    assert exited.value.code == 1
    report = json.loads(output.getvalue())
    assert report["valid"] is False
    assert any(problem["node"] == "tone" and "tone → tone" in problem["message"] for problem in report["problems"])


def test_validate_accepts_the_default_tree(tmp_path: Path) -> None:
    default = Path(__file__).parents[2] / "src" / "socialu" / "escalation" / "default_tree.yaml"
    assert "The tree is valid: 19 nodes" in run("tree", "validate", str(default))


def test_a_broken_import_changes_nothing(organisation: Organisation, tmp_path: Path) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text("start: nowhere\nnodes:\n  a: {kind: outcome, action: monitor, title: Watch}\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        run("tree", "import", "--org", "acme", str(file))
    assert selectors.tree_current(organisation=organisation) is None


def test_walk_prints_the_next_question_and_records_with_json(organisation: Organisation, admin_user: User) -> None:
    assert "Next question: Before anything else" in run("walk", "--org", "acme", "--answers", "Negative")
    output = run("walk", "--org", "acme", "--answers", "2;3", "--record", "--url", "https://news.example/a", "--json")
    result = json.loads(output)
    assert result["kind"] == "outcome" and result["action"] == "escalate"
    assert result["notified"] == ["admin@acme.example"] and len(mail.outbox) == 1
    assert DecisionLogEntry.objects.filter(pk=result["recorded_id"], organisation=organisation).exists()


def test_walk_with_a_wrong_answer_fails(organisation: Organisation) -> None:
    with pytest.raises(CommandError, match="not an answer"):
        run("walk", "--org", "acme", "--answers", "Sideways")


def test_log_list_and_export_with_filters(organisation: Organisation, tmp_path: Path) -> None:
    services.decision_record(organisation=organisation, answers=TO_THANKS, post_text="@everyone look")
    services.decision_record(organisation=organisation, answers=TO_FIX_FACTS, post_url="https://x.com/a/1")
    listed = json.loads(run("log", "list", "--org", "acme", "--action", "fix_facts", "--json"))
    assert [entry["outcome_action"] for entry in listed["entries"]] == ["fix_facts"]
    assert "[respond]" in run("log", "list", "--org", "acme")
    csv_file = tmp_path / "log.csv"
    assert "Wrote 2 decision(s)" in run("log", "export", "--org", "acme", str(csv_file))
    rows = list(csv.reader(csv_file.open(encoding="utf-8-sig")))
    assert rows[0] == selectors.LOG_HEADERS and "'@everyone look" in [row[4] for row in rows]
    xlsx_file = tmp_path / "log.xlsx"
    run("log", "export", "--org", "acme", str(xlsx_file), "--q", "everyone")
    sheet = load_workbook(xlsx_file).active
    assert sheet is not None and sheet.max_row == 2


def test_an_unknown_organisation_is_explained() -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nope'"):
        run("log", "list", "--org", "nope")


def test_a_bad_date_is_explained(organisation: Organisation) -> None:
    with pytest.raises(CommandError, match="is not a date; write it as YYYY-MM-DD"):
        run("log", "list", "--org", "acme", "--since", "2026-13-01")
