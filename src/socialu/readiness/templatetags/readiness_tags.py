"""Small filters for the readiness results page."""

from __future__ import annotations

from django import template

register = template.Library()

_MIX_LABELS = {
    "recommended": "Recommended",
    "optional": "Optional",
    "not-needed": "Not needed",
    "not_needed": "Not needed",
}


@register.filter
def signed(value: float | None) -> str:
    """Show a change with its sign, rounded to a whole number: +4, −3, 0."""
    if value is None:
        return ""
    number = round(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{abs(number)}"
    return "0"


@register.filter
def mix_label(status: str) -> str:
    return _MIX_LABELS.get(status, status.replace("-", " ").replace("_", " ").capitalize())
