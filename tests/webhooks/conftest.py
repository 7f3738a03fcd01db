"""A real HTTP receiver on this machine for the webhook tests, and the settings that let SocialU reach it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytest_django import Settings


@dataclass
class Receiver:
    """What the receiver got, and the status it answers with."""

    url: str
    answer: int = 204
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    """Start an HTTP server on 127.0.0.1 that records each POST; allow private addresses for it."""
    settings.SOCIALU_WEBHOOKS_ALLOW_PRIVATE = True
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the name http.server calls
            length = int(self.headers.get("content-length", "0"))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)))
            self.send_response(state.answer)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
