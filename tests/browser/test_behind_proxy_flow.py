"""SocialU deployed for real: ``socialu serve`` behind nginx over TLS, as docs/deployment.md sets it up.

One installation (the demo, on PostgreSQL when the suite runs there) is served
by gunicorn through ``socialu serve`` with production settings — HTTPS on,
SOCIALU_TRUSTED_PROXIES naming nginx — and nginx from Debian's packages runs
the guide's example site in front of it with a self-signed certificate.

* A person signs in with Chromium over the proxy's TLS port and downloads a
  certificate PDF (read back with pypdf).
* 200 different people sign in from one address (a company NAT) within a
  minute and none is turned away, while 20 wrong passwords for one account
  are throttled.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from tests.deploy.proxy import (
    CROWD_PASSWORD,
    DEMO_PASSWORD,
    REPOSITORY,
    Proxied,
    crowd_create,
    nginx_running,
    sign_in,
    wait_until_ready,
)
from tests.operations.installations import (
    Installation,
    free_port,
    postgres_database_create,
    postgres_database_drop,
    postgres_url,
)

pytestmark = pytest.mark.browser

CROWD = 200
WRONG_PASSWORDS = 20


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    folder = tmp_path_factory.mktemp("behind-proxy")
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    base_url = postgres_url()
    database_url = postgres_database_create(base_url, "proxy") if base_url else None
    installation = Installation(
        data_dir=folder / "var",
        database_url=database_url,
        extra={
            "DJANGO_SETTINGS_MODULE": "tests.deploy.settings_fast_hashing",
            "PYTHONPATH": str(REPOSITORY),
            "SECRET_KEY": "proxy-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "SOCIALU_ALLOW_DEVELOPMENT_KEY": "",
            "SOCIALU_HTTPS": "true",
            "SOCIALU_TRUSTED_PROXIES": "127.0.0.1,::1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SOCIALU_SITE_URL": f"https://127.0.0.1:{https_port}",
        },
    )
    try:
        installation.run("demo", "--no-serve", "--people", "120")
        crowd_create(installation, CROWD)
        with (
            installation.serving_on(app_port),
            nginx_running(folder / "nginx", app_port=app_port, https_port=https_port, http_port=http_port),
        ):
            proxied = Proxied(installation=installation, https_port=https_port, http_port=http_port, app_port=app_port)
            wait_until_ready(proxied)
            yield proxied
    finally:
        if database_url:
            postgres_database_drop(database_url)


def test_a_person_signs_in_through_the_proxy_over_tls_and_downloads_a_certificate_pdf(
    proxied: Proxied, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{proxied.base_url}/accounts/login/")
        page.get_by_label("Email").fill("admin@demo.example")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Successfully signed in as admin@demo.example")).to_be_visible()
        assert page.url.startswith(proxied.base_url)
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]

        page.goto(f"{proxied.base_url}/o/demo/certification/certificates/")
        page.locator("table a[href*='/certification/certificates/']").first.click()
        holder = page.get_by_role("heading", level=1).inner_text()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download PDF").click()
        download = download_info.value
        pdf = tmp_path / "certificate.pdf"
        download.save_as(pdf)
        text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        assert pdf.read_bytes().startswith(b"%PDF")
        assert f"127.0.0.1:{proxied.https_port}/verify/" in text.replace("\n", "")
        assert any(word in text for word in holder.split()[:2])
    finally:
        context.close()


def test_plain_http_is_sent_to_https_but_health_checks_are_answered(proxied: Proxied) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", proxied.http_port, timeout=30)
    connection.request("GET", "/accounts/login/")
    moved = connection.getresponse()
    moved.read()
    assert moved.status == 301 and moved.headers["Location"].startswith("https://")
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200
    connection.close()


def test_two_hundred_people_behind_one_address_sign_in_within_a_minute_while_guessing_is_throttled(
    proxied: Proxied,
) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(
            pool.map(lambda n: sign_in(proxied, f"crowd{n:04d}@demo.example", CROWD_PASSWORD), range(CROWD))
        )
    elapsed = time.monotonic() - started

    statuses = [outcome.status for outcome in outcomes]
    assert 429 not in statuses and not any(outcome.throttled for outcome in outcomes)
    assert statuses == [302] * CROWD, statuses
    assert all(outcome.session and outcome.location == "/" for outcome in outcomes)
    assert elapsed < 60, f"200 sign-ins took {elapsed:.0f} s: the test must keep them inside one rate-limit minute"

    guesses = [sign_in(proxied, "learner@demo.example", f"wrong-{n}") for n in range(WRONG_PASSWORDS)]
    assert all(guess.status in {200, 429} and not guess.session for guess in guesses)
    assert [guess.throttled for guess in guesses[:5]] == [False] * 5, "the first few are simply wrong passwords"
    assert [guess.throttled for guess in guesses[5:]] == [True] * (WRONG_PASSWORDS - 5)
    # While throttled, even the right password does not get in: guessing cannot succeed.
    assert sign_in(proxied, "learner@demo.example", DEMO_PASSWORD).throttled
    # The shared address is not blocked for everyone else.
    assert sign_in(proxied, "crowd0000@demo.example", CROWD_PASSWORD).status == 302
