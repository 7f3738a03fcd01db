"""``socialu`` without the settings production needs: one clear line and exit code 3, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("command", [["check"], ["migrate"], ["roster", "import", "x.csv", "--org", "acme"]])
def test_a_command_without_secret_key_says_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "SOCIALU_ALLOW_DEVELOPMENT_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment["SOCIALU_DATA_DIR"] = str(tmp_path)

    finished = subprocess.run(
        [sys.executable, "-m", "socialu", *command], env=environment, capture_output=True, text=True, check=False
    )

    assert finished.returncode == 3
    assert finished.stdout == ""
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("socialu cannot start: Set SECRET_KEY")
    assert "Traceback" not in finished.stderr
