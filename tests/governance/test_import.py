"""Importing acknowledgements collected elsewhere: all rows or none, and safe to repeat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, AcknowledgementSource, Policy
from socialu.governance.policies.services import acknowledgements_import
from tests.factories import PersonFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, employee_id="E1")
    PersonFactory.create(organisation=organisation, employee_id="E2")


def row(
    employee_id: str, version: str = "1", at: str = "2026-02-01", policy: str = "social-media-policy"
) -> dict[str, str]:
    return {"Employee ID": employee_id, "Policy": policy, "Version": version, "Acknowledged at": at}


def test_a_good_file_is_imported_and_a_second_import_adds_nothing(
    organisation: Organisation, policy: Policy, people: None
) -> None:
    rows = [row("E1"), row("E2", at="2026-02-03T09:30")]

    first = acknowledgements_import(organisation=organisation, rows=rows)
    again = acknowledgements_import(organisation=organisation, rows=rows)

    assert (first.ok, first.created, again.created, again.already) == (True, 2, 0, 2)
    assert set(Acknowledgement.objects.values_list("source", flat=True)) == {AcknowledgementSource.IMPORT}


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(
    organisation: Organisation, policy: Policy, people: None
) -> None:
    rows = [
        row("E1"),
        row("E404"),
        row("E2", version="7"),
        row("E2", policy="no-such-policy"),
        row("E1", at="last tuesday"),
        {"Employee ID": "E1", "Policy": "", "Version": "1", "Acknowledged at": "2026-02-01"},
    ]

    result = acknowledgements_import(organisation=organisation, rows=rows)

    problems = {problem.line: problem.message for problem in result.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7]
    assert "employee id “E404”" in problems[3]
    assert "no version 7 of a policy called “social-media-policy”" in problems[4]
    assert "no-such-policy" in problems[5]
    assert "“last tuesday” is not a date" in problems[6]
    assert "Fill in policy" in problems[7]
    assert not Acknowledgement.objects.exists()


def test_the_command_imports_a_csv_and_exits_non_zero_on_rejected_rows(
    organisation: Organisation, policy: Policy, people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(policy)
    good = tmp_path / "acks.csv"
    good.write_text("employee_id,policy,version,acknowledged_at\nE1,social-media-policy,2,2026-02-01\n")
    call_command("governance", "acknowledgements-import", "--org", "acme", str(good), "--dry-run")
    assert not Acknowledgement.objects.exists()
    assert "Would add 1 acknowledgement(s)" in capsys.readouterr().out
    call_command("governance", "acknowledgements-import", "--org", "acme", str(good))
    assert "Added 1 acknowledgement(s)" in capsys.readouterr().out
    assert Acknowledgement.objects.count() == 1

    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,policy,version,acknowledged_at\nE9,social-media-policy,2,2026-02-01\n")
    with pytest.raises(CommandError, match="1 row"):
        call_command("governance", "acknowledgements-import", "--org", "acme", str(bad))


def test_the_command_reports_json(
    organisation: Organisation, policy: Policy, people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,policy,version,acknowledged_at\nE1,social-media-policy,1,2026-02-01\nE9,x,1,nope\n")
    with pytest.raises(CommandError):
        call_command("governance", "acknowledgements-import", "--org", "acme", str(bad), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["errors"][0]["line"] == 3
    assert report["created"] == 0


def test_the_command_installs_the_default_policy_once(
    organisation: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("governance", "install-default", "--org", "acme")
    call_command("governance", "install-default", "--org", "acme")
    output = capsys.readouterr().out
    assert "Installed “Social media policy”" in output and "Already installed" in output
    assert Policy.objects.filter(organisation=organisation).count() == 1


def test_a_date_alone_means_midday(organisation: Organisation, policy: Policy, people: None) -> None:
    acknowledgements_import(organisation=organisation, rows=[row("E1", at="2026-02-01")])
    moment = timezone.localtime(Acknowledgement.objects.get().acknowledged_at)
    assert (moment.date().isoformat(), moment.hour) == ("2026-02-01", 12)
