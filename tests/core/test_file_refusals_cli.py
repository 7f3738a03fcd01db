"""Issue 10 item 17: unreadable files on the command line print one clear line and exit 2, never a traceback."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from socialu.core.models import Organisation

pytestmark = pytest.mark.django_db

DEFAULT = Path(__file__).resolve().parents[2] / "src" / "socialu" / "curriculum" / "default"


def test_a_lesson_file_with_invalid_utf_8_is_one_clear_line(organisation: Organisation, tmp_path: Path) -> None:
    folder = tmp_path / "curriculum"
    shutil.copytree(DEFAULT, folder)
    lesson = folder / "courses" / "open-culture" / "lessons" / "open-or-closed.md"
    lesson.write_bytes(lesson.read_bytes().replace(b"\n", b"\nCaf\xe9 ", 3))

    with pytest.raises(CommandError) as raised:
        call_command("curriculum", "import", str(folder), "--org", organisation.slug, stdout=io.StringIO())

    message = str(raised.value)
    assert raised.value.returncode == 2
    assert "open-or-closed.md" in message
    assert "not UTF-8 text" in message
    assert "Traceback" not in message


def test_an_account_registry_xlsx_with_a_dtd_is_refused_with_exit_2(organisation: Organisation, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["platform", "handle"])
    sheet.append(["x", "acme"])
    path = tmp_path / "accounts.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = (
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + parts["xl/worksheets/sheet1.xml"]
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)

    with pytest.raises(CommandError) as raised:
        call_command("governance", "registry", "import", str(path), "--org", organisation.slug, stdout=io.StringIO())

    assert raised.value.returncode == 2
    assert "document type declaration (DTD)" in str(raised.value)
