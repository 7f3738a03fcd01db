"""``socialu backup`` and ``socialu restore`` round-trip the demo, on SQLite while serving and on PostgreSQL."""

from __future__ import annotations

import json
import tarfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operations.installations import (
    Installation,
    postgres_database_create,
    postgres_database_drop,
    postgres_url,
)

DEMO_PEOPLE = "150"


def _compare(source: Installation, restored: Installation) -> None:
    tables = source.tables()
    assert tables == restored.tables()
    assert len(tables) > 40
    for table in tables:
        if table == "django_migrations":
            continue
        assert restored.row_count(table) == source.row_count(table), f"{table} lost rows"
        assert restored.sample(table) == source.sample(table), f"{table} rows differ"
    # The demo is really there: people, certificates, a roster upload.
    assert source.row_count("people_person") >= int(DEMO_PEOPLE)
    assert source.row_count("certification_certificate") > 0


def _uploaded_file(installation: Installation) -> Path:
    folder = installation.data_dir / "uploads" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    upload = folder / "0123abcd-roster.csv"
    upload.write_text("Employee ID,Name,Email\nE1,Ann,ann@example.com\n", encoding="utf-8")
    return upload


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> Installation:
    source = Installation(data_dir=tmp_path / "source" / "var")
    source.run("demo", "--no-serve", "--people", DEMO_PEOPLE)
    return source


@pytest.mark.skipif(postgres_url() is not None, reason="the SQLite round trip runs in the SQLite suite")
def test_sqlite_backup_taken_while_serving_restores_every_table_and_file(
    sqlite_demo: Installation, tmp_path: Path
) -> None:
    upload = _uploaded_file(sqlite_demo)
    archive = tmp_path / "backup.tar.gz"
    with sqlite_demo.serving() as port:
        verify_form = f"http://127.0.0.1:{port}/verify/"
        with urllib.request.urlopen(verify_form, timeout=120) as warm:  # the first answer boots Django
            assert warm.status == 200
        stop = threading.Event()
        answered: list[int] = []

        def browse() -> None:
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(verify_form, timeout=60) as response:
                        answered.append(response.status)
                except OSError as error:
                    answered.append(getattr(error, "code", 0) or 0)

        browser = threading.Thread(target=browse)
        browser.start()
        try:
            result = sqlite_demo.run("backup", str(archive))
        finally:
            stop.set()
            browser.join()
    assert answered and set(answered) == {200}, f"the app kept serving during the backup: {answered}"
    assert "Backed up" in result.stdout

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert manifest["engine"] == "sqlite"
        assert "files/uploads/1/0123abcd-roster.csv" in opened.getnames()

    restored = Installation(data_dir=tmp_path / "restored" / "var")
    outcome = restored.run("restore", str(archive))
    assert "Every table holds what the backup held" in outcome.stdout
    _compare(sqlite_demo, restored)
    assert (restored.data_dir / "uploads" / "1" / upload.name).read_text(encoding="utf-8") == upload.read_text(
        encoding="utf-8"
    )
    # The restored installation works: its organisation answers the command line.
    assert "dashboard.refresh" in restored.run("jobs", "list", "--org", "demo").stdout


@pytest.fixture
def postgres_pair(tmp_path: Path) -> Iterator[tuple[Installation, Installation]]:
    url = postgres_url()
    assert url is not None
    source_url = postgres_database_create(url, "backup_source")
    target_url = postgres_database_create(url, "backup_target")
    try:
        yield (
            Installation(data_dir=tmp_path / "source" / "var", database_url=source_url),
            Installation(data_dir=tmp_path / "restored" / "var", database_url=target_url),
        )
    finally:
        postgres_database_drop(source_url)
        postgres_database_drop(target_url)


@pytest.mark.skipif(postgres_url() is None, reason="needs the suite to run on PostgreSQL (DATABASE_URL)")
def test_postgres_backup_restores_every_table_into_a_migrated_empty_database(
    postgres_pair: tuple[Installation, Installation], tmp_path: Path
) -> None:
    source, restored = postgres_pair
    source.run("demo", "--no-serve", "--people", DEMO_PEOPLE)
    _uploaded_file(source)
    archive = tmp_path / "backup.tar.gz"
    source.run("backup", str(archive))
    # An operator who already ran migrate on the new server can still restore.
    restored.run("migrate", "--noinput")

    outcome = restored.run("restore", str(archive))

    assert "Every table holds what the backup held" in outcome.stdout
    _compare(source, restored)
    assert (restored.data_dir / "uploads" / "1" / "0123abcd-roster.csv").is_file()


def test_restore_refuses_an_installation_that_already_has_data(tmp_path: Path) -> None:
    if postgres_url() is not None:
        pytest.skip("the SQLite installations are what this checks")
    in_use = Installation(data_dir=tmp_path / "in-use" / "var")
    in_use.run("migrate", "--noinput")
    in_use.run("org", "create", "acme", "--name", "Acme", "--admin", "admin@acme.example")
    archive = tmp_path / "backup.tar.gz"
    in_use.run("backup", str(archive))

    result = in_use.run("restore", str(archive), check=False)

    assert result.returncode != 0
    assert "already has organisations or accounts" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_explains_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    if postgres_url() is not None:
        pytest.skip("the SQLite installations are what this checks")
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    empty = Installation(data_dir=tmp_path / "empty" / "var")

    result = empty.run("restore", str(bogus), check=False)

    assert result.returncode != 0
    assert "is not a SocialU backup" in result.stderr
