"""Reverse proxies: which hops are trusted, who the client really is, and whether the request came over HTTPS.

One setting, ``SOCIALU_TRUSTED_PROXIES`` (addresses or networks), names the
proxies in front of SocialU. :class:`TrustedProxyMiddleware` runs first on
every request:

* When the connection comes from a trusted proxy, the client address is read
  from ``X-Forwarded-For`` right to left, skipping further trusted hops, and
  becomes ``REMOTE_ADDR`` for everything after it (rate limits, logs, the
  audit log). ``X-Forwarded-Proto`` is then honoured through Django's
  ``SECURE_PROXY_SSL_HEADER``.
* When it does not, every forwarding header is dropped before anything reads
  it, so a client cannot claim another address or pretend it used HTTPS.

The web server (gunicorn, started by ``socialu serve``) is given the same list.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers a proxy sets; from anyone else they are removed before anything reads them.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)
# Where the address of the hop that connected to us is kept once REMOTE_ADDR names the client.
PROXY_ADDRESS_KEY = "socialu.proxy_address"


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Return the networks named by *values* (addresses or CIDR networks); raise ValueError naming a bad one."""
    networks: list[IPNetwork] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(
                f"{text!r} is not an IP address or network (write it like 10.0.0.5 or 10.0.0.0/8)"
            ) from None
    return tuple(networks)


@cache
def _trusted_networks(configured: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(configured)


def trusted_networks() -> tuple[IPNetwork, ...]:
    """Return the networks of the proxies SocialU trusts (from ``SOCIALU_TRUSTED_PROXIES``)."""
    return _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _address(value: str) -> IPAddress | None:
    text = value.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:51234"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address: IPAddress | None, networks: tuple[IPNetwork, ...]) -> bool:
    """Return whether *address* belongs to one of the trusted proxy *networks*."""
    return address is not None and any(address in network for network in networks)


def resolve_client_address(*, remote_addr: str, forwarded_for: str, networks: tuple[IPNetwork, ...]) -> str:
    """Return the client's address for a connection from *remote_addr* carrying *forwarded_for*.

    ``X-Forwarded-For`` is believed only as far as trusted hops vouch for it:
    walking from the right, each hop that is a trusted proxy hands over to the
    address before it; the first address that is not a trusted proxy is the
    client. A malformed entry stops the walk at the last address vouched for.
    """
    current = _address(remote_addr)
    if not is_trusted(current, networks) or not forwarded_for.strip():
        return remote_addr
    client = str(current)
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted(address, networks):
            break
    return client


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address (after :class:`TrustedProxyMiddleware` it is ``REMOTE_ADDR``)."""
    return str(request.META.get("REMOTE_ADDR", ""))


class TrustedProxyMiddleware:
    """Believe forwarding headers from trusted proxies only; put the real client address in ``REMOTE_ADDR``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = trusted_networks()
        remote_addr = str(request.META.get("REMOTE_ADDR", ""))
        if networks and is_trusted(_address(remote_addr), networks):
            request.META[PROXY_ADDRESS_KEY] = remote_addr
            request.META["REMOTE_ADDR"] = resolve_client_address(
                remote_addr=remote_addr,
                forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
                networks=networks,
            )
        else:
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
