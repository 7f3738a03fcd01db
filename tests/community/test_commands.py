"""`socialu community`: list, search, post through the pre-flight check, moderate and export the log."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.people.models import Person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("community", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_post_list_and_search_as_json(organisation: Organisation, asker: Person) -> None:
    posted = json.loads(
        run("post", "tip", "--org", "acme", "--as", asker.email, "--title", "Threads", "--body", "Reply in threads.",
            "--skill", "community-management", "--json")
    )  # fmt: skip
    assert posted["status"] == "published" and posted["skills"] == ["community-management"]
    listed = json.loads(run("list", "--org", "acme", "--json"))
    assert [row["id"] for row in listed] == [posted["id"]]
    hits = json.loads(run("search", "replies", "--org", "acme", "--json"))
    assert hits[0]["post_id"] == posted["id"] and "<mark>" in hits[0]["snippet_html"]


def test_a_blocked_post_is_kept_as_a_draft_and_exits_1(organisation: Organisation, asker: Person) -> None:
    with pytest.raises(CommandError) as raised:
        run("post", "tip", "--org", "acme", "--as", asker.email, "--title", "Q3", "--body", "Our Q3 forecast is up!")
    assert getattr(raised.value, "returncode", None) == 1
    assert json.loads(run("list", "--org", "acme", "--json")) == []


def test_moderate_and_export_the_decision_log(
    organisation: Organisation, asker: Person, moderator: Person, tmp_path: Path
) -> None:
    posted = json.loads(
        run("post", "tip", "--org", "acme", "--as", asker.email, "--title", "T", "--body", "B", "--json")
    )
    run("moderate", str(posted["id"]), "hide", "--org", "acme", "--as", moderator.email, "--note", "Duplicate")
    output = tmp_path / "decisions.csv"
    run("decisions", "--org", "acme", "--output", str(output))
    rows = list(csv.reader(output.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][1:4] == ["Hidden", "Mo Moderator", str(posted["id"])]
    with pytest.raises(CommandError):
        run("moderate", str(posted["id"]), "restore", "--org", "acme", "--as", asker.email, "--note", "Mine")
    assert json.loads(run("settings", "--org", "acme", "--reports-to-hide", "5", "--json")) == {"reports_to_hide": 5}
