"""`socialu mentoring`: create, match, publish, list, outcomes and exports, with --json."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from socialu.core.commands import ExitCode
from socialu.core.models import Organisation
from socialu.mentoring import selectors, services
from socialu.mentoring.services import MenteeNeeds, MentorOffer
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("mentoring", *arguments, stdout=out)
    return out.getvalue()


def test_a_programme_is_created_matched_published_and_exported(organisation: Organisation, tmp_path: Path) -> None:
    created = json.loads(run("create", "Spring", "--org", "acme", "--cadence", "7", "--json"))
    programme = selectors.programme_get(organisation=organisation, slug=created["slug"])
    assert programme is not None and programme.cadence_days == 7
    mentor = PersonFactory.create(organisation=organisation, name="Mona Mentor")
    mentee = PersonFactory.create(organisation=organisation, name="=Eve Mentee")
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=mentor.pk, offer=MentorOffer(strengths={"x": 1.0})
    )
    services.mentee_profile_save(
        organisation=organisation, programme=programme, person_id=mentee.pk, needs=MenteeNeeds(needs={"x": 2})
    )

    assert json.loads(run("match", "spring", "--org", "acme", "--json"))["proposed"] == 1
    other = PersonFactory.create(organisation=organisation, name="Otto Other")
    services.mentor_profile_save(
        organisation=organisation, programme=programme, person_id=other.pk, offer=MentorOffer(strengths={"x": 0.5})
    )
    proposal = json.loads(run("pairings", "spring", "--org", "acme", "--json"))[0]
    adjusted = json.loads(run("adjust", str(proposal["id"]), str(other.pk), "--org", "acme", "--json"))
    assert adjusted["mentor_name"] == "Otto Other"
    assert adjusted["explanation"].startswith("chosen by the programme admin")
    run("adjust", str(proposal["id"]), str(mentor.pk), "--org", "acme")
    assert "1 proposal(s) published" in run("publish", "spring", "--org", "acme")
    listed = json.loads(run("pairings", "spring", "--org", "acme", "--status", "published", "--json"))
    assert [(row["mentor_name"], row["mentee_name"]) for row in listed] == [("Mona Mentor", "=Eve Mentee")]
    assert json.loads(run("outcomes", "spring", "--org", "acme", "--json"))["overall"]["mentees"] == 1
    assert json.loads(run("programmes", "--org", "acme", "--json"))[0]["slug"] == "spring"
    assert json.loads(run("outcomes", "--org", "acme", "--json")) == [
        {"slug": "spring", **json.loads(run("outcomes", "spring", "--org", "acme", "--json"))["overall"]}
    ]

    run("export", "spring", str(tmp_path / "pairs.csv"), "--org", "acme")
    with (tmp_path / "pairs.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Programme", "Mentee", "Mentee email"]
    assert rows[1][1] == "'=Eve Mentee"  # never a formula
    assert "x" in rows[1][7]
    run("export", "spring", str(tmp_path / "pairs.xlsx"), "--org", "acme")
    sheet = load_workbook(tmp_path / "pairs.xlsx", read_only=True).active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1][3] == "Mona Mentor"


def test_an_unknown_programme_exits_3(organisation: Organisation) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("mentoring", "match", "nope", "--org", "acme", "--json", stdout=out)
    assert refused.value.returncode == ExitCode.CANNOT_RUN
    assert json.loads(out.getvalue())["error"].startswith("No programme “nope”")


def test_bad_settings_exit_2(organisation: Organisation) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("mentoring", "create", "X", "--org", "acme", "--capacity", "0", stdout=StringIO())
    assert refused.value.returncode == ExitCode.UNUSABLE
