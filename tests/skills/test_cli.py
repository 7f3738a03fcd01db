"""``socialu skills`` and ``socialu champions``: the same answers as the pages and the API, with --json."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from socialu.core.models import Organisation
from socialu.skills.models import ChampionTerm
from tests.factories import PersonFactory, UnitFactory
from tests.skills.helpers import completed, course, quiz_passed

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_load_the_taxonomy_then_find_an_expert_by_free_text(organisation: Organisation) -> None:
    loaded = json.loads(run("skills", "taxonomy", "load", "--org", "acme", "--json"))
    assert loaded["created"] >= 20
    expert = PersonFactory.create(organisation=organisation, name="Vera Video", employee_id="E7")
    completed(expert, course(organisation, "video-basics", "engagement-craft"))
    quiz_passed(expert, course(organisation, "video-more", "engagement-craft"), score=91)
    found = json.loads(run("skills", "find", "video", "--org", "acme", "--json"))
    assert found["skill"] == "video"
    assert found["items"][0]["name"] == "Vera Video"
    assert len(found["items"][0]["evidence"]) >= 2
    strengths = json.loads(run("skills", "strengths", "E7", "--org", "acme", "--json"))
    assert strengths["strengths"]["video"] > 0


def test_a_broken_taxonomy_file_exits_2_naming_the_line(organisation: Organisation, tmp_path: Path) -> None:
    broken = tmp_path / "skills.yaml"
    broken.write_text("version: 1\nskills:\n  - slug: Video\n    name: Video\n    kind: practice\n")
    with pytest.raises(CommandError) as refusal:
        run("skills", "taxonomy", "load", str(broken), "--org", "acme")
    assert refusal.value.returncode == 2
    assert "skills.yaml:3" in str(refusal.value)


def test_export_a_standing_as_xlsx(organisation: Organisation, tmp_path: Path) -> None:
    run("skills", "taxonomy", "load", "--org", "acme")
    expert = PersonFactory.create(organisation=organisation, name="Vera Video")
    completed(expert, course(organisation, "video-basics", "engagement-craft"))
    target = tmp_path / "video.xlsx"
    run("skills", "export", "video", str(target), "--org", "acme")
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [row[2] for row in sheet.iter_rows(values_only=True)] == ["Name", "Vera Video"]


def test_nominate_decide_and_coverage_gaps_exit_1(organisation: Organisation) -> None:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    legal = UnitFactory.create(organisation=organisation, name="Legal")
    PersonFactory.create(organisation=organisation, unit=sales, employee_id="E1", location="Leeds")
    PersonFactory.create(organisation=organisation, unit=legal, employee_id="E2", location="Leeds")
    nomination = json.loads(
        run("champions", "nominate", "E1", "--reason", "Runs the Leeds social clinic.", "--org", "acme", "--json")
    )
    decided = json.loads(run("champions", "decide", str(nomination["id"]), "approve", "--org", "acme", "--json"))
    assert decided["status"] == "approved"
    assert ChampionTerm.objects.filter(pk=decided["term"]).exists()
    with pytest.raises(CommandError) as gaps:
        run("champions", "coverage", "--org", "acme")
    assert gaps.value.returncode == 1
    assert "Legal" in str(gaps.value)
    listed = json.loads(run("champions", "list", "--org", "acme", "--json"))
    assert len(listed) == 1
