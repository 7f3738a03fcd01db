"""Web addresses SocialU stores and shows as links: only ``http`` and ``https``.

A link such as ``javascript:…`` or ``data:…`` runs code or shows forged content
when someone selects it. Every service that stores an address a person gave
checks it here, whatever the address came through (a form, the API, a CSV or
course file), so no stored link can be anything but a web page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from socialu.core.text import has_control_characters

WEB_SCHEMES = ("http", "https")


def web_address_problem(value: str, *, what: str = "The web address") -> str | None:
    """Return why *value* cannot be stored as a link, or None when it is a full http(s) address (or empty)."""
    address = value.strip()
    if not address:
        return None
    example = "for example https://www.example.com/page"
    if has_control_characters(address) or any(character.isspace() for character in address):
        return f"{what} contains spaces or invisible characters. Paste the address again, {example}."
    try:
        parts = urlsplit(address)
    except ValueError:
        return f"{what} “{address[:80]}” is not a web address. Use a full address, {example}."
    if parts.scheme.lower() not in WEB_SCHEMES:
        shown = f"“{parts.scheme}:” " if parts.scheme else ""
        return (
            f"{what} must start with https:// or http://; {shown}links are not allowed. Use a full address, {example}."
        )
    if not parts.hostname:
        return f"{what} “{address[:80]}” has no site name. Use a full address, {example}."
    return None
