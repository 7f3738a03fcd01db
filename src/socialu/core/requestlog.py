"""Structured logs: one JSON line per request, and a JSON formatter for every log line.

Each request gets an id (the proxy's ``X-Request-ID`` when a trusted proxy
sent a sensible one, otherwise a new one), returned in the ``X-Request-ID``
response header so a person reporting a problem can quote it. When the
response is ready, the ``socialu.requests`` logger writes one line with the
id, method, path, status, duration, client address, organisation and user id.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from socialu.core.proxies import PROXY_ADDRESS_KEY, client_address

logger = logging.getLogger("socialu.requests")

REQUEST_ID_HEADER = "X-Request-ID"
_SENSIBLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Attributes every LogRecord has; anything else on a record was passed in ``extra``.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def request_id(request: HttpRequest) -> str:
    """Return the id of *request* (set by :class:`RequestLogMiddleware`; empty outside a request)."""
    return str(getattr(request, "request_id", ""))


def _incoming_id(request: HttpRequest) -> str:
    # Only a trusted proxy may choose the id (the proxy middleware dropped the
    # forwarding headers of anyone else; this one is checked the same way).
    supplied = str(request.META.get("HTTP_X_REQUEST_ID", ""))
    if supplied and PROXY_ADDRESS_KEY in request.META and _SENSIBLE_ID.match(supplied):
        return supplied
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


def _organisation(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    slug = match.kwargs.get("org_slug") or match.kwargs.get("slug")
    return str(slug) if slug else None


class RequestLogMiddleware:
    """Give every request an id and write one JSON log line when its response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.request_id = _incoming_id(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request.request_id,  # type: ignore[attr-defined]
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client_address(request),
                    "organisation": _organisation(request),
                    "user_id": _user_id(request),
                },
            )
        return response


class JsonFormatter(logging.Formatter):
    """Format a log record as one line of JSON: time, level, logger, message, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
