"""`socialu practice scenarios import|export|list` and `socialu practice attempts`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.practice.models import Scenario
from socialu.practice.scenario_files import load_scenario_folder, shipped_folder
from tests.practice.helpers import install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db
SHIPPED = len(load_scenario_folder(shipped_folder()))


def run(*args: str) -> str:
    out = StringIO()
    call_command("practice", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_installs_the_shipped_scenarios_and_is_idempotent(organisation: Organisation) -> None:
    first = run("scenarios", "import", "--org", "acme")
    second = json.loads(run("scenarios", "import", "--org", "acme", "--json"))
    assert f"{SHIPPED} created, 0 updated" in first
    assert second == {"created": 0, "updated": 0, "unchanged": SHIPPED}


def test_export_then_import_elsewhere_gives_the_same_scenarios(
    organisation: Organisation, other_organisation: Organisation, tmp_path: Path
) -> None:
    run("scenarios", "import", "--org", "acme")
    printed = run("scenarios", "export", str(tmp_path / "out"), "--org", "acme")
    run("scenarios", "import", str(tmp_path / "out"), "--org", "globex")

    assert f"Wrote {SHIPPED} scenario file(s)" in printed
    fields = ["slug", "title", "brief", "rubric", "model_answer", "audiences", "replying_to_text", "policy_traps"]
    mine = list(Scenario.objects.filter(organisation=organisation).order_by("slug").values(*fields))
    theirs = list(Scenario.objects.filter(organisation=other_organisation).order_by("slug").values(*fields))
    assert mine == theirs


def test_a_bad_folder_imports_nothing_and_names_the_file(organisation: Organisation, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("slug: broken\nplatform: myspace\n", encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("practice", "scenarios", "import", str(tmp_path), "--org", "acme", stderr=errors)
    assert "broken.yaml" in errors.getvalue()
    assert not Scenario.objects.exists()


def test_list_shows_scenarios_with_their_status(organisation: Organisation) -> None:
    install(organisation)
    rows = json.loads(run("scenarios", "list", "--org", "acme", "--json"))["scenarios"]
    assert rows[0]["slug"] == "restock-date-question" and rows[0]["status"] == "active"
    assert "restock-date-question\tinstagram\tintroductory" in run("scenarios", "list", "--org", "acme")


def test_attempts_lists_answers_and_filters_by_person(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, lee = learner_person(organisation, "lee@acme.example")
    _, ann = learner_person(organisation, "ann@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    reviewed(submitted(organisation, lee, scenario), mentor)
    submitted(organisation, ann, scenario)

    everyone = json.loads(run("attempts", "--org", "acme", "--json"))["attempts"]
    lees = json.loads(run("attempts", "--org", "acme", "--person", "LEE@acme.example", "--json"))["attempts"]

    assert len(everyone) == 2
    assert [(a["person"], a["status"], a["passed"]) for a in lees] == [("lee@acme.example", "reviewed", True)]
    assert "lee@acme.example\trestock-date-question\treviewed\t4.0\tpassed" in run("attempts", "--org", "acme")


def test_unknown_organisation_or_person_is_explained(organisation: Organisation) -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nope'"):
        run("scenarios", "list", "--org", "nope")
    with pytest.raises(CommandError, match=r"Nobody in Acme Ltd.s roster has the email x@y\.z"):
        run("attempts", "--org", "acme", "--person", "x@y.z")


def test_check_validates_the_shipped_files_without_a_database_organisation() -> None:
    assert f"All {SHIPPED} scenario file(s)" in run("scenarios", "check")


def test_check_reports_a_model_answer_that_breaks_the_rules(tmp_path: Path) -> None:
    source = (shipped_folder() / "restock-date-question.yaml").read_text(encoding="utf-8")
    source = source.replace("More are on the way", "Project Falcon is on the way")
    (tmp_path / "restock-date-question.yaml").write_text(source, encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError, match=r"found 1 problem\(s\) in model answers"):
        call_command("practice", "scenarios", "check", str(tmp_path), stdout=StringIO(), stderr=errors)
    assert "restock-date-question.yaml: model_answer: block:" in errors.getvalue()
