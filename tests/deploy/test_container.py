"""The container recipe and compose file: linted here, because this machine cannot run containers.

Podman and buildah from Debian install here, but a build needs the base
image from a container registry, which this machine cannot reach (only the
Python, Debian and npm package registries). So the recipe is checked the way a
build would fail first: every path it copies exists, the stages it copies
from exist, base images are pinned, the image runs as a plain user with a
health check, and the commands are SocialU's own. The compose file's services,
shared volume and settings are checked against the deployment guide.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import yaml

from tests.deploy.proxy import REPOSITORY

RECIPE = REPOSITORY / "Containerfile"
COMPOSE = REPOSITORY / "compose.yaml"
GUIDE = REPOSITORY / "docs" / "deployment.md"
KNOWN_INSTRUCTIONS = {
    "FROM",
    "WORKDIR",
    "COPY",
    "RUN",
    "ENV",
    "USER",
    "VOLUME",
    "EXPOSE",
    "HEALTHCHECK",
    "CMD",
    "ARG",
    "LABEL",
}


def instructions(text: str) -> list[tuple[str, str]]:
    """Return (instruction, arguments) for each instruction, joining continued lines and dropping comments."""
    joined: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        joined.append(current + line)
        current = ""
    assert not current, "the recipe ends in the middle of a continued line"
    parsed = []
    for line in joined:
        keyword, _, rest = line.partition(" ")
        parsed.append((keyword.upper(), rest.strip()))
    return parsed


def test_the_recipe_uses_known_instructions_and_pinned_base_images() -> None:
    steps = instructions(RECIPE.read_text(encoding="utf-8"))
    assert {keyword for keyword, _ in steps} <= KNOWN_INSTRUCTIONS
    bases = [arguments for keyword, arguments in steps if keyword == "FROM"]
    assert bases, "the recipe has a base image"
    for base in bases:
        image = base.split()[0]
        assert ":" in image and not image.endswith(":latest"), f"pin the base image {image}"


def test_every_path_the_recipe_copies_exists_and_is_not_ignored() -> None:
    steps = instructions(RECIPE.read_text(encoding="utf-8"))
    stages = {arguments.split()[-1] for keyword, arguments in steps if keyword == "FROM" and " AS " in arguments}
    ignored = {line.strip() for line in (REPOSITORY / ".containerignore").read_text().splitlines() if line.strip()}
    copied = 0
    for keyword, arguments in steps:
        if keyword != "COPY":
            continue
        parts = shlex.split(arguments)
        options = [part for part in parts if part.startswith("--")]
        sources = [part for part in parts if not part.startswith("--")][:-1]
        stage = next((option.split("=", 1)[1] for option in options if option.startswith("--from=")), None)
        if stage is not None:
            assert stage in stages, f"COPY --from={stage}: no build stage has that name"
            continue
        for source in sources:
            assert (REPOSITORY / source).exists(), f"The recipe copies {source}, which does not exist"
            assert source.rstrip("/") not in ignored, f"{source} is copied but listed in .containerignore"
            copied += 1
    assert copied >= 5
    assert (REPOSITORY / ".dockerignore").read_text() == (REPOSITORY / ".containerignore").read_text()


def test_the_image_runs_socialu_as_a_plain_user_with_a_health_check() -> None:
    steps = instructions(RECIPE.read_text(encoding="utf-8"))
    users = [arguments for keyword, arguments in steps if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    health = next(arguments for keyword, arguments in steps if keyword == "HEALTHCHECK")
    assert "/healthz" in health
    command = next(arguments for keyword, arguments in reversed(steps) if keyword == "CMD")
    assert command.startswith('["socialu", "serve"')
    environment = " ".join(arguments for keyword, arguments in steps if keyword == "ENV")
    assert "SOCIALU_DATA_DIR=/var/lib/socialu" in environment
    volumes = " ".join(arguments for keyword, arguments in steps if keyword == "VOLUME")
    assert "/var/lib/socialu" in volumes


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_compose_runs_web_worker_and_postgres_sharing_the_data_volume() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "web", "worker"}
    web, worker, database = services["web"], services["worker"], services["db"]
    assert web["build"]["dockerfile"] == "Containerfile" == worker["build"]["dockerfile"]
    assert web["volumes"] == worker["volumes"] == ["socialu-data:/var/lib/socialu"]
    assert "socialu serve" in " ".join(web["command"]) and "socialu migrate" in " ".join(web["command"])
    assert worker["command"] == ["socialu", "worker"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert database["image"].startswith("docker.io/library/postgres:") and "healthcheck" in database
    assert web["environment"]["DATABASE_URL"].endswith("@db:5432/socialu")
    assert web["ports"] == ["127.0.0.1:8000:8000"], "only the TLS proxy on this host reaches the app"


def test_every_setting_compose_passes_is_in_the_guides_table() -> None:
    table = GUIDE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)`", table, flags=re.MULTILINE))
    passed = set(_compose()["services"]["web"]["environment"])
    assert passed <= documented, f"document these in docs/deployment.md: {sorted(passed - documented)}"
