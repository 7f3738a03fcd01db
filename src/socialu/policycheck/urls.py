"""Find links in folded text, with or without a scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass

from socialu.policycheck.text import FoldedText

_URL = re.compile(
    r"(?<![\w@.\-/])"
    r"(?P<scheme>https?://)?"
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,24}|xn--[a-z0-9\-]{2,20}))"
    r"(?P<port>:\d{1,5})?"
    r"(?P<rest>[/?#][^\s<>\"'`]*)?"
    r"(?![\w@\-])"
)
# Without a scheme or "www.", only these endings make a word with dots a link ("Mr.Smith" is not one).
_BARE_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "io",
        "co",
        "uk",
        "ly",
        "gl",
        "me",
        "app",
        "dev",
        "ai",
        "gov",
        "edu",
        "info",
        "biz",
        "us",
        "eu",
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "ie",
        "ca",
        "au",
        "nz",
        "in",
        "jp",
        "tv",
        "fm",
        "gg",
        "link",
        "site",
        "shop",
        "store",
        "news",
        "blog",
        "page",
        "online",
        "tech",
        "cloud",
        "xyz",
        "to",
        "be",
        "at",
        "ch",
        "se",
        "no",
        "dk",
        "fi",
        "pl",
        "pt",
    ]
)
_TRAILING = ".,;:!?)]}'\"…"
# What every link found here contains (RE2): a scheme, "www.", or a dot and one of the endings above.
LINK_GATE = r"https?://|www\.|[a-z0-9]\.(?:" + "|".join(sorted(_BARE_TLDS)) + r")(?:[^a-z0-9_@-]|$)"


@dataclass(frozen=True, slots=True)
class Link:
    """Hold one link: its folded offsets and its host name without ``www.``."""

    start: int
    end: int
    host: str


def find_links(text: FoldedText) -> list[Link]:
    """Return the links in ``text`` in order."""
    folded = text.folded
    if "." not in folded:
        return []
    links: list[Link] = []
    for match in _URL.finditer(folded):
        host = match.group("host")
        if not match.group("scheme") and not host.startswith("www.") and match.group("tld") not in _BARE_TLDS:
            continue
        end = match.end()
        while end > match.end("host") and folded[end - 1] in _TRAILING:
            end -= 1
        links.append(Link(match.start(), end, host.removeprefix("www.")))
    return links


def normalised_domain(domain: str) -> str:
    """Return ``domain`` as hosts are compared: lower case, trimmed, without "www."."""
    return domain.lower().strip().removeprefix("www.")


def host_matches(host: str, domain: str) -> bool:
    """Return whether ``host`` is ``domain`` or one of its subdomains."""
    domain = normalised_domain(domain)
    return host == domain or host.endswith("." + domain)
