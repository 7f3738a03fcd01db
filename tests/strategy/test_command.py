"""`socialu strategy generate` and `socialu strategy export`."""

from __future__ import annotations

import io
import json
from io import StringIO
from pathlib import Path

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialu.core.models import Organisation
from socialu.readiness.models import Assessment
from socialu.strategy.models import StrategyDocument


def run(*args: str) -> str:
    out = StringIO()
    call_command("strategy", *args, stdout=out)
    return out.getvalue()


def test_generate_uses_the_latest_assessment_and_prints_json(
    organisation: Organisation, curriculum: None, assessment: Assessment
) -> None:
    printed = json.loads(run("generate", "--org", "acme", "--cost-per-hour", "30", "--json"))
    document = StrategyDocument.objects.get(pk=printed["document_id"])
    assert document.assessment == assessment
    assert printed["assessment_id"] == assessment.pk
    assert printed["sections"][0] == "Goals"
    assert printed["currency"] == "EUR" and float(printed["total_cost"]) > 0


def test_export_writes_each_format(organisation: Organisation, document: StrategyDocument, tmp_path: Path) -> None:
    printed = run("export", "--org", "acme", "--format", "pdf", str(tmp_path / "s.pdf"))
    assert "version 1" in printed
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "s.pdf").pages)
    assert "Business case and resourcing" in pdf_text

    run("export", "--org", "acme", "--format", "docx", "--document", str(document.pk), str(tmp_path / "s.docx"))
    assert docx.Document(io.BytesIO((tmp_path / "s.docx").read_bytes())).paragraphs[0].text == document.title

    run("export", "--org", "acme", "--format", "md", str(tmp_path / "s.md"))
    assert "## 3. New competencies needed" in (tmp_path / "s.md").read_text(encoding="utf-8")


def test_export_without_a_document_says_how_to_make_one(organisation: Organisation, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="socialu strategy generate --org acme"):
        run("export", "--org", "acme", "--format", "md", str(tmp_path / "s.md"))


def test_an_unknown_organisation_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nope'"):
        run("generate", "--org", "nope")
