"""The deployment guide covers every environment variable SocialU reads, and the README points to it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.deploy.proxy import REPOSITORY

SOURCE = REPOSITORY / "src" / "socialu"
GUIDE = REPOSITORY / "docs" / "deployment.md"
READERS = {"get", "getenv", "env_bool", "env_list", "env_int"}


def variables_read(path: Path) -> set[str]:
    """Return the names of the environment variables *path* reads (os.environ.get/[...], os.getenv, env_*())."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            environ = (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Attribute)
                and function.value.attr == "environ"
            )
            reads = (name == "get" and environ) or name in READERS - {"get"}
            if reads and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "environ"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            found.add(node.slice.value)
    return found


def documented() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", GUIDE.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_the_scanner_sees_what_the_settings_read() -> None:
    read = variables_read(SOURCE / "config" / "settings.py")
    assert {"SECRET_KEY", "DATABASE_URL", "SOCIALU_TRUSTED_PROXIES", "EMAIL_BACKEND", "SOCIALU_HTTPS"} <= read


def test_every_variable_the_code_reads_is_in_the_guides_table() -> None:
    read: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        read |= variables_read(path)
    read.discard("DJANGO_SETTINGS_MODULE")  # set by the socialu command itself
    missing = sorted(read - documented())
    assert not missing, f"Add these to the table in docs/deployment.md (default and meaning): {missing}"


def test_the_table_lists_nothing_the_code_no_longer_reads() -> None:
    read: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        read |= variables_read(path)
    stale = sorted(documented() - read)
    assert not stale, f"Nothing reads these any more; remove them from docs/deployment.md: {stale}"


def test_the_readme_links_the_guide_and_the_guide_links_what_it_names() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "docs/deployment.md" in readme
    guide = GUIDE.read_text(encoding="utf-8")
    for path in ("deploy/nginx/socialu.conf", "deploy/caddy/Caddyfile", "Containerfile", "compose.yaml"):
        assert path in guide and (REPOSITORY / path).is_file(), path
    assert "SIZING_" not in guide, "fill in the sizing figures measured with `python -m bench.serving`"
