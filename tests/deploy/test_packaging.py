"""The wheel and sdist as an operator installs them: build, install into a fresh virtual environment, make PDFs.

The editable install the rest of the suite uses reads files straight from
the source tree, so it cannot notice a file the package data leaves out (as
the certificate and strategy stylesheets once were). Here the built wheel is
installed into a new virtual environment, run from a folder outside the
repository, and asked for a certificate PDF and a strategy document PDF.

The fresh environment gets SocialU from the wheel alone; its dependencies
come from the project's own environment through a path file, so the test
needs no network and takes seconds (the editable install's import hook is not
loaded that way, which the test checks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialu import __version__
from tests.deploy.proxy import REPOSITORY
from tests.operations.installations import postgres_database_create, postgres_database_drop, postgres_url

CERTIFICATE_SCRIPT = """
from pathlib import Path
import socialu
from socialu.certification.documents import certificate_pdf
from socialu.certification.models import Certificate
certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
Path({target!r}).write_bytes(certificate_pdf(certificate=certificate))
print(socialu.__file__)
print(certificate.holder_name)
"""


def _checkout(target: Path) -> Path:
    """Copy the repository's files as a fresh clone would have them (no egg-info, caches or builds)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPOSITORY / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the sdist, then the wheel from it (as ``python -m build`` does), from a clean copy of the repository."""
    out = tmp_path_factory.mktemp("dist")
    source = _checkout(tmp_path_factory.mktemp("checkout"))
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheel = next(out.glob("socialu-*.whl"))
    sdist = next(out.glob("socialu-*.tar.gz"))
    return wheel, sdist


def test_the_wheel_and_sdist_carry_every_file_socialu_reads_at_run_time(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    assert wheel.name == f"socialu-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "socialu/certification/pdf/certificate.css",
        "socialu/strategy/exports/print.css",
        "socialu/policycheck/wordlists/profanity_wordlist.txt",
        "socialu/policycheck/wordlists/vader_lexicon.txt",
        "socialu/policycheck/wordlists/LICENSE.vaderSentiment",
        "socialu/core/templates/socialu/base.html",
        "socialu/core/templates/socialu/500.html",
        "socialu/core/static/socialu/socialu.css",
        "socialu/curriculum/default/curriculum.yaml",
        "socialu/practice/scenarios/restock-date-question.yaml",
        "socialu/coaching/content/goals.yaml",
        "socialu/coaching/templates/coaching/record.html",
        "socialu/operations/migrations/0001_erasure_records.py",
    ):
        assert needed in names, f"the wheel leaves out {needed}"
    licences = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
    assert licences, "the wheel carries the licence text"
    with tarfile.open(sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml", "src/socialu/certification/pdf/certificate.css"} <= members


@pytest.fixture(scope="module")
def fresh_environment(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Return a new virtual environment with the wheel installed (dependencies borrowed, never SocialU)."""
    wheel, _ = built
    folder = tmp_path_factory.mktemp("fresh")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The project's installed dependencies, as a plain path entry: their .pth files (among them the
    # editable SocialU's import hook) are not run from there.
    (site_packages / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    yield venv


def test_the_installed_wheel_makes_certificate_and_strategy_pdfs(fresh_environment: Path, tmp_path: Path) -> None:
    base_url = postgres_url()
    database_url = postgres_database_create(base_url, "wheel") if base_url else None
    work = tmp_path / "elsewhere"
    work.mkdir()
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("SOCIALU_", "DJANGO_", "PYTHON"))
    }
    environment.pop("DATABASE_URL", None)
    environment.update(
        {
            "SOCIALU_ALLOW_DEVELOPMENT_KEY": "1",
            "SOCIALU_HTTPS": "false",
            "SOCIALU_DATA_DIR": str(work / "var"),
            "SOCIALU_LOG_FORMAT": "text",
            "SOCIALU_DEMO_PASSWORD": "demo-password-for-tests",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    socialu = str(fresh_environment / "bin" / "socialu")

    def run(*arguments: str) -> str:
        result = subprocess.run(
            [socialu, *arguments], cwd=work, env=environment, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"socialu {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    try:
        assert run("--version").strip() == f"SocialU {__version__}"
        run("demo", "--no-serve", "--people", "60")

        certificate = work / "certificate.pdf"
        output = run("shell", "--no-imports", "-c", CERTIFICATE_SCRIPT.format(target=str(certificate)))
        module_file, holder = output.strip().splitlines()[-2:]
        assert module_file.startswith(str(fresh_environment)), f"SocialU came from {module_file}, not the wheel"
        text = PdfReader(certificate).pages[0].extract_text()
        assert holder.split()[0] in text and "/verify/" in text.replace("\n", "")

        strategy = work / "strategy.pdf"
        run("strategy", "export", "--org", "demo", "--format", "pdf", str(strategy))
        reader = PdfReader(strategy)
        assert len(reader.pages) > 1
        assert "Kestrel social media strategy" in "".join(page.extract_text() for page in reader.pages[:2])
    finally:
        if database_url:
            postgres_database_drop(database_url)
