"""Request guards that apply to every page: clean submitted text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from socialu.core.text import clean_submitted, has_control_characters, view_keeps_control_characters


class CleanSubmittedTextMiddleware:
    """Remove control characters from every field a browser form posts, before any form reads them.

    Every form, present and future, then sees clean text, and a name typed or
    pasted with a stray NUL, BEL or ESC is stored without it. Line breaks and
    tabs stay (a text area may hold them); passwords are left exactly as typed.
    A view marked with :func:`socialu.core.text.keeps_control_characters` gets
    the post as sent. Put it after the CSRF middleware, which reads the post first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        if (
            request.method != "POST"
            or request.content_type not in {"application/x-www-form-urlencoded", "multipart/form-data"}
            or view_keeps_control_characters(view)
        ):
            return
        posted = request.POST
        dirty = [
            key
            for key, values in posted.lists()
            if "password" not in key and any(isinstance(v, str) and has_control_characters(v) for v in values)
        ]
        if not dirty:
            return
        cleaned = posted.copy()
        for key in dirty:
            cleaned.setlist(key, clean_submitted(posted.getlist(key)))
        cleaned._mutable = False
        request.POST = cleaned  # type: ignore[assignment]
