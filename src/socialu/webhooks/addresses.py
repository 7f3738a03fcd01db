"""Where webhooks may be sent: public addresses only, unless the operator allows private ones."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def target_problem(url: str, *, allow_private: bool) -> str | None:
    """Return why SocialU must not send to *url*, or None.

    The host is resolved now and every address it resolves to must be public:
    loopback, private, link-local (cloud metadata), multicast, reserved and
    unspecified addresses are refused unless *allow_private*. Checked when the
    endpoint is saved and again before every attempt, so a name that later
    resolves to an internal address is caught.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "Use a full http:// or https:// address."
    if parts.username or parts.password:
        return "Do not put a user name or password in the address; verify the signature instead."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        return f"The host {parts.hostname} cannot be resolved ({error})."
    if allow_private:
        return None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return (
                f"{parts.hostname} resolves to {ip}, a private, loopback or link-local address. "
                "Webhooks go to public addresses only (an operator can allow private ones with "
                "SOCIALU_WEBHOOKS_ALLOW_PRIVATE=true)."
            )
    return None
