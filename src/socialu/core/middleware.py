"""Request guards that apply to every page: a size limit read before the body, and clean submitted text."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from socialu.core.text import clean_submitted, has_control_characters, view_keeps_control_characters

_MB = 1024 * 1024


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _size(count: int) -> str:
    return f"{count / _MB:.1f} MB" if count >= _MB else f"{max(count // 1024, 1)} KB"


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared size is over the limit for its path, before a byte of its body is read.

    Django writes an uploaded file to disk as it arrives and only then can a
    view check its size, so a large body sent to any page (the sign-in page
    included) would fill the disk first. This looks at ``Content-Length``
    alone and answers 413 at once. The limits (``SOCIALU_REQUEST_LIMITS`` in
    the settings) are small for everyone not signed in and for the sign-in
    pages, the upload limits for the import pages, and a few megabytes for
    every other form and API call. A reverse proxy in front should enforce the
    largest of them too (see ``docs/deployment-limits.md``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return self._refuse(request, 400, "The request's Content-Length header is not a number of bytes.")
        if length:
            limit = self._limit(request, length)
            if length > limit:
                return self._refuse(
                    request,
                    413,
                    f"This request is {_size(length)}; at most {_size(limit)} can be sent here. "
                    "Send a smaller file or less text.",
                )
        return self.get_response(request)

    @staticmethod
    def _limit(request: HttpRequest, length: int) -> int:
        limits: dict[str, Any] = settings.SOCIALU_REQUEST_LIMITS
        limit = int(limits["signed_in"])
        for pattern, path_limit in limits["paths"]:
            if _compiled(pattern).match(request.path_info):
                limit = int(path_limit)
                break
        anonymous = int(limits["anonymous"])
        if length <= min(limit, anonymous):
            return limit
        # Only someone signed in, or a script presenting a token, may send more than a little.
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if not signed_in and not request.META.get("HTTP_AUTHORIZATION"):
            return min(limit, anonymous)
        return limit

    @staticmethod
    def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=status)
        else:
            response = render(request, "socialu/413.html", {"message": message}, status=status)
        # The body was never read: the connection cannot carry another request.
        response["Connection"] = "close"
        return response


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
