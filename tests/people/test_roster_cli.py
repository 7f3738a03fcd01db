"""The ``socialu roster import`` command: JSON output, human output and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.people.models import Person

SOCIALU = Path(sys.executable).parent / "socialu"


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Staff Ref", "Name", "Email", "Manager ID"])
        writer.writerows(rows)
    return path


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("roster", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


GOOD = [["E1", "Ann", "ann@acme.example", ""], ["E2", "Bob", "bob@acme.example", "E1"]]
BAD = [["E1", "Ann", "ann@acme.example", ""], ["E2", "Bob", "bob@acme.example", "E999"]]


def test_json_output_is_exactly_one_object(organisation: Organisation, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", GOOD)

    stdout, _ = run("import", str(path), "--org", "acme", "--map", "Staff Ref=employee_id", "--json")

    data = json.loads(stdout)
    assert {key: data[key] for key in ("rows", "created", "updated", "unchanged", "rejected", "applied")} == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "applied": True,
    }
    assert data["dry_run"] is False
    assert data["errors"] == []
    assert {"deactivated", "units_created"} <= data.keys()
    assert Person.objects.filter(organisation=organisation).count() == 2


def test_rejected_rows_in_a_real_run_exit_with_1(organisation: Organisation, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", BAD)
    stdout = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "roster", "import", str(path), "--org", "acme", "--map", "Staff Ref=employee_id", "--json", stdout=stdout
        )

    assert raised.value.returncode == 1
    assert "nothing was imported" in str(raised.value)
    (error,) = json.loads(stdout.getvalue())["errors"]
    assert error == {
        "line": 3,
        "column": "Manager ID",
        "field": "manager_employee_id",
        "value": "E999",
        "message": "Manager ID E999 is not in this file or in SocialU. Add the manager's row or correct the ID.",
        "employee_id": "E2",
        "summary": (
            "Line 3 (employee E2), column “Manager ID”, value “E999”: "
            "Manager ID E999 is not in this file or in SocialU. Add the manager's row or correct the ID."
        ),
    }
    assert not Person.objects.filter(organisation=organisation).exists()


def test_dry_run_with_rejected_rows_succeeds_and_prints_a_table(organisation: Organisation, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", BAD)

    stdout, _ = run("import", str(path), "--org", "acme", "--map", "Staff Ref=employee_id", "--dry-run")

    assert "Dry run: nothing was written" in stdout
    assert "2 rows: 1 new, 0 updated, 0 unchanged, 0 deactivated, 1 rejected" in stdout
    assert "1 rejected" in stdout
    assert "E999" in stdout
    assert "Rejected rows" in stdout


def test_file_problem_exits_with_2(organisation: Organisation, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", GOOD)

    with pytest.raises(CommandError) as raised:
        run("import", str(path), "--org", "acme")

    assert raised.value.returncode == 2
    assert "no column for Employee ID" in str(raised.value)


def test_unknown_organisation_cannot_run(organisation: Organisation, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"There is no organisation 'nope'") as raised:
        run("import", str(tmp_path / "r.csv"), "--org", "nope")

    assert raised.value.returncode == 3


def test_errors_are_json_too_with_json(organisation: Organisation, tmp_path: Path) -> None:
    stdout = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("roster", "import", str(tmp_path / "missing.csv"), "--org", "acme", "--json", stdout=stdout)

    answer = json.loads(stdout.getvalue())
    assert answer["ok"] is False
    assert answer["exit_code"] == raised.value.returncode == 2
    assert answer["error"]


def test_headers_as_json(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Staff Ref,Name,Work Email\n", encoding="utf-8")
    stdout = io.StringIO()

    call_command("roster", "headers", str(path), "--json", stdout=stdout)

    columns = json.loads(stdout.getvalue())["columns"]
    assert [column["column"] for column in columns] == ["Staff Ref", "Name", "Work Email"]
    assert {column["column"]: column["read_as"] for column in columns}["Work Email"] == "email"


def test_malformed_map_option(organisation: Organisation, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match='not of the form "Header=field"'):
        run("import", str(tmp_path / "r.csv"), "--org", "acme", "--map", "employee_id")


def test_headers_subcommand_shows_the_mapping(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", GOOD)

    stdout, _ = run("headers", str(path))

    assert "Manager ID" in stdout
    assert "manager_employee_id" in stdout
    assert "(ignored)" in stdout


@pytest.mark.django_db(transaction=True)
def test_the_socialu_command_exit_codes(tmp_path: Path) -> None:
    env = {**os.environ, "SOCIALU_DATA_DIR": str(tmp_path / "data"), "SOCIALU_ALLOW_DEVELOPMENT_KEY": "1"}
    env.pop("DATABASE_URL", None)
    (tmp_path / "data").mkdir()
    subprocess.run([SOCIALU, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run(
        [
            SOCIALU,
            "shell",
            "-c",
            "from socialu.core.models import Organisation; Organisation.objects.create(slug='acme')",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    good = write_roster(tmp_path / "good.csv", GOOD)
    bad = write_roster(tmp_path / "bad.csv", BAD)
    mapping = ["--map", "Staff Ref=employee_id"]

    ok = subprocess.run(
        [SOCIALU, "roster", "import", good, "--org", "acme", *mapping, "--json"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    rejected = subprocess.run(
        [SOCIALU, "roster", "import", bad, "--org", "acme", *mapping, "--json"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    broken = subprocess.run(
        [SOCIALU, "roster", "import", good, "--org", "acme"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["created"] == 2
    assert rejected.returncode == 1
    assert json.loads(rejected.stdout)["rejected"] == 1
    assert broken.returncode == 2
    assert "no column for Employee ID" in broken.stderr
    assert broken.stdout == ""
