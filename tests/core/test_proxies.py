"""Forwarding headers are believed from trusted proxies only; the client address is the real one."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from socialu.core.proxies import parse_networks, resolve_client_address

NETWORKS = parse_networks(["127.0.0.1", "10.0.0.0/8", "::1"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # Straight from the internet: the header is the client's own claim and is ignored.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Through the trusted proxy: the proxy appended the client it saw.
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        # A client that forged a header before the proxy appended its real address.
        ("127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # Two trusted hops (a load balancer, then nginx): walk past both.
        ("127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),
        # Garbage from the client stops the walk at the last address vouched for.
        ("127.0.0.1", "not-an-address, 10.1.2.3", "10.1.2.3"),
        # Ports and IPv6 brackets are understood.
        ("127.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
        ("127.0.0.1", "203.0.113.9:51234", "203.0.113.9"),
        # A trusted proxy that sent no header is itself the client.
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_is_read_right_to_left_through_trusted_hops(remote: str, forwarded: str, client: str) -> None:
    assert resolve_client_address(remote_addr=remote, forwarded_for=forwarded, networks=NETWORKS) == client


def test_a_bad_proxy_setting_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=re.escape("'10.0.0.300' is not an IP address or network")):
        parse_networks(["127.0.0.1", "10.0.0.300"])


@pytest.mark.django_db
def test_an_untrusted_client_cannot_claim_https_or_another_address(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    outsider = Client(REMOTE_ADDR="203.0.113.50")

    response = outsider.get("/verify/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"})

    # The claim of HTTPS was dropped, so the app redirects to HTTPS as it would for any plain request.
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_the_trusted_proxy_vouches_for_https_and_the_client(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    proxy = Client(REMOTE_ADDR="127.0.0.1")

    response = proxy.get("/verify/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.50"})

    assert response.status_code == 200
    assert response.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.50"


def test_verification_look_ups_from_one_address_are_limited_by_unknown_codes_only(
    db: None, settings: SettingsWrapper
) -> None:
    from django.core.cache import cache

    from socialu.certification.verification.views import LOOKUPS_PER_MINUTE

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    # A whole office behind one NAT address: each person is counted by their own address via the proxy.
    for office_worker in range(LOOKUPS_PER_MINUTE + 5):
        response = proxy.get(
            f"/verify/NOPE{office_worker}/", headers={"X-Forwarded-For": f"198.51.100.{office_worker + 1}"}
        )
        assert response.status_code == 404
    # One address guessing codes is stopped.
    guesses = [
        proxy.get(f"/verify/GUESS{n}/", headers={"X-Forwarded-For": "203.0.113.66"}).status_code
        for n in range(LOOKUPS_PER_MINUTE + 1)
    ]
    assert guesses[-1] == 429 and set(guesses[:-1]) == {404}
    cache.clear()
