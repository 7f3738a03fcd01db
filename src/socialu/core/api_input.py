"""How the REST API reads request bodies: JSON and form fields without control characters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from socialu.core.text import clean_submitted, view_keeps_control_characters


def _keeps(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and view_keeps_control_characters(name=match.url_name or "")


class CleanTextParser(Parser):
    """django-ninja's parser, with control characters removed from every string before the schemas see it.

    Line breaks and tabs stay: the services make single-line fields single-line.
    An operation marked with :func:`socialu.core.text.keeps_control_characters`
    (ninja names its URL after the function) gets the body as sent.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        parsed = super().parse_body(request)
        return parsed if _keeps(request) else clean_submitted(parsed)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        return parsed if _keeps(request) else clean_submitted(parsed)
