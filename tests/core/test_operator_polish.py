"""What an operator sees: health checks, one JSON log line per request, friendly errors, the version."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from socialu import __version__
from socialu.core.models import WorkerHeartbeat
from socialu.core.requestlog import JsonFormatter
from socialu.core.scheduling import worker_heartbeat
from tests.factories import OrganisationFactory, member


def test_healthz_answers_without_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_needs_a_recent_worker_heartbeat(db: None) -> None:
    client = Client()
    missing = client.get("/readyz")
    assert missing.status_code == 503
    assert "No background worker has ever run" in missing.json()["checks"]["worker"]["problem"]
    assert missing.json()["checks"]["database"] == {"ok": True}

    worker_heartbeat(name="web1:42", started_at=timezone.now())
    assert client.get("/readyz").status_code == 200

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=10))
    stale = client.get("/readyz")
    assert stale.status_code == 503
    assert "last seen 600 seconds ago" in stale.json()["checks"]["worker"]["problem"]


def test_readyz_without_a_worker_when_told_none_runs(db: None, settings: SettingsWrapper) -> None:
    settings.READYZ_REQUIRES_WORKER = False
    assert Client().get("/readyz").json() == {"status": "ready", "checks": {"database": {"ok": True}}}


def test_health_checks_are_not_redirected_to_https(db: None, settings: SettingsWrapper) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/verify/").status_code == 301


def test_each_request_writes_one_json_line_with_id_organisation_user_status_and_duration(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    organisation = OrganisationFactory.create(slug="acme")
    user = member(organisation)
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="socialu.requests"):
        response = client.get("/o/acme/")
    records = [record for record in caplog.records if record.name == "socialu.requests"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["organisation"] == "acme"
    assert line["user_id"] == user.pk
    assert line["status"] == 200
    assert line["method"] == "GET" and line["path"] == "/o/acme/"
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO" and line["logger"] == "socialu.requests"


def test_a_request_id_is_taken_from_a_trusted_proxy_only(db: None, settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    supplied = {"X-Request-ID": "edge-0123456789"}
    assert Client(REMOTE_ADDR="127.0.0.1").get("/healthz", headers=supplied)["X-Request-ID"] == "edge-0123456789"
    assert Client(REMOTE_ADDR="203.0.113.4").get("/healthz", headers=supplied)["X-Request-ID"] != "edge-0123456789"


def test_an_unexpected_error_shows_a_friendly_page_with_the_reference(db: None, settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    from socialu.core import views

    request_id = "0123456789abcdef"

    class Request:
        pass

    request = Request()
    request.request_id = request_id  # type: ignore[attr-defined]
    response = views.server_error(request)  # type: ignore[arg-type]
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and request_id in page
    assert "Traceback" not in page
    assert client.get("/no/such/page/").status_code == 404
    assert "Page not found" in client.get("/no/such/page/").content.decode()


def _socialu(*arguments: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socialu", *arguments], env=environment, capture_output=True, text=True, check=False
    )


def _clean_environment(tmp_path: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SOCIALU_", "DJANGO_"))}
    environment.update({"SOCIALU_DATA_DIR": str(tmp_path / "var"), "SOCIALU_ALLOW_DEVELOPMENT_KEY": "1"})
    environment.pop("DATABASE_URL", None)
    return environment


def test_version_is_socialus_own(tmp_path: Path) -> None:
    result = _socialu("--version", environment=_clean_environment(tmp_path))
    assert result.stdout.strip() == f"SocialU {__version__}"
    assert __version__ != "0+unknown"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SOCIALU_ALLOW_DEVELOPMENT_KEY": ""}, "Set SECRET_KEY"),
        ({"SOCIALU_TRUSTED_PROXIES": "127.0.0.1,proxy.internal"}, "SOCIALU_TRUSTED_PROXIES: 'proxy.internal'"),
        ({"SOCIALU_DATA_DIR": "/proc/socialu-cannot-live-here"}, "SOCIALU_DATA_DIR"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"}, "the database cannot be used"),
    ],
)
def test_missing_or_wrong_configuration_is_one_clear_line(tmp_path: Path, change: dict[str, str], message: str) -> None:
    environment = _clean_environment(tmp_path)
    environment.update(change)
    environment = {key: value for key, value in environment.items() if value != ""}

    result = _socialu("migrate", environment=environment)

    assert result.returncode == 3
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
