"""A real deployment for tests: ``socialu serve`` behind nginx (from Debian's packages) over TLS.

The nginx site is the example the deployment guide gives
(``deploy/nginx/socialu.conf``), with its ports and certificate paths swapped
for the test's. The certificate is self-signed, made with openssl.
"""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.operations.installations import Installation, wait_for_port

REPOSITORY = Path(__file__).resolve().parents[2]
NGINX_SITE = REPOSITORY / "deploy" / "nginx" / "socialu.conf"
DEMO_PASSWORD = "demo-password-for-tests"
CROWD_PASSWORD = "crowd-password-0001"


@dataclass(frozen=True)
class Proxied:
    """A running installation behind nginx: where to reach it, and the installation itself."""

    installation: Installation
    https_port: int
    http_port: int
    app_port: int

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


def nginx_site(*, app_port: int, http_port: int, https_port: int, certificate: Path, key: Path) -> str:
    """Return the example site with the test's ports and certificate."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/certs/socialu.example.com.pem": str(certificate),
        "/etc/ssl/private/socialu.example.com.key": str(key),
        "server_name socialu.example.com;": "server_name localhost;",
    }
    for old, new in replacements.items():
        assert old in site, f"The example nginx site no longer has {old!r}; update the test with it."
        site = site.replace(old, new)
    return site


def nginx_main_config(prefix: Path, site: Path) -> str:
    return f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "localhost.pem", folder / "localhost.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@contextmanager
def nginx_running(folder: Path, *, app_port: int, https_port: int, http_port: int) -> Iterator[None]:
    """Run nginx on *https_port* (TLS) and *http_port* in front of the app on *app_port*."""
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(executable).exists():
        raise AssertionError("nginx is not installed: run `make proxy` (apt-get install nginx-light).")
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = self_signed_certificate(folder)
    site = folder / "socialu.conf"
    site.write_text(
        nginx_site(app_port=app_port, http_port=http_port, https_port=https_port, certificate=certificate, key=key),
        encoding="utf-8",
    )
    main = folder / "nginx.conf"
    main.write_text(nginx_main_config(folder, site), encoding="utf-8")
    check = subprocess.run(
        [executable, "-t", "-c", str(main), "-p", str(folder)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [executable, "-c", str(main), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(https_port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


CROWD_SCRIPT = """
from django.contrib.auth.hashers import make_password
from socialu.accounts.models import User
from socialu.core.models import Organisation, RoleAssignment
organisation = Organisation.objects.get(slug="demo")
password = make_password({password!r})
users = User.objects.bulk_create(
    [User(email=f"crowd{{n:04d}}@demo.example", password=password) for n in range({count})]
)
users = list(User.objects.filter(email__startswith="crowd"))
RoleAssignment.objects.bulk_create(
    [RoleAssignment(organisation=organisation, user=user, role="learner") for user in users]
)
print(len(users))
"""


def crowd_create(installation: Installation, count: int) -> None:
    """Give the demo organisation *count* more learners who can sign in (crowd0000@demo.example…)."""
    result = installation.run("shell", "--no-imports", "-c", CROWD_SCRIPT.format(password=CROWD_PASSWORD, count=count))
    assert result.stdout.strip().splitlines()[-1] == str(count), result.stdout


# A minimal HTTPS client that keeps cookies, for signing in many times in parallel.

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _insecure_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return context


@dataclass
class SignIn:
    status: int
    location: str
    session: bool
    page: str

    @property
    def throttled(self) -> bool:
        """allauth refuses with 429, or (for one account's failures) re-shows the form saying to wait."""
        return self.status == 429 or "Too many failed login attempts" in self.page


def sign_in(proxied: Proxied, email: str, password: str) -> SignIn:
    """Open the sign-in page and post the form through the proxy, as a browser would; return the outcome."""
    connection = http.client.HTTPSConnection("127.0.0.1", proxied.https_port, context=_insecure_context(), timeout=60)
    try:
        connection.request("GET", "/accounts/login/")
        page = connection.getresponse()
        body = page.read().decode()
        cookies = SimpleCookie()
        for header in page.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        match = _CSRF_FIELD.search(body)
        assert page.status == 200 and match, f"sign-in page answered {page.status}"
        form = urlencode({"csrfmiddlewaretoken": match.group(1), "login": email, "password": password})
        connection.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken'].value}",
                "Referer": f"{proxied.base_url}/accounts/login/",
                "Origin": proxied.base_url,
            },
        )
        answer = connection.getresponse()
        text = answer.read().decode(errors="replace")
        session = any("sessionid=" in header for header in answer.headers.get_all("Set-Cookie") or [])
        return SignIn(status=answer.status, location=answer.headers.get("Location", ""), session=session, page=text)
    finally:
        connection.close()


def wait_until_ready(proxied: Proxied, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection = http.client.HTTPSConnection("127.0.0.1", proxied.https_port, context=_insecure_context())
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.3)
    raise AssertionError("SocialU did not answer through the proxy.")
