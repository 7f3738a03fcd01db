"""PDFs are rendered from what SocialU ships: a document cannot make the server fetch or read anything else."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from socialu.core.documents import FetchRefusedError, local_only_fetcher, pdf_from_html

PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw=="


@pytest.fixture
def requests_seen() -> Iterator[list[str]]:
    """A local web server that records every path requested of it."""
    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen.append(f"http://127.0.0.1:{server.server_port}")
    yield seen
    server.shutdown()


def test_a_document_cannot_make_the_server_fetch_a_web_address(requests_seen: list[str], tmp_path: Path) -> None:
    address = requests_seen.pop()
    html = f'<h1>Plan</h1><p>Text stays.</p><img src="{address}/internal-secret" alt="x"><img src="{PIXEL}" alt="y">'

    pdf = pdf_from_html(html, base_folder=tmp_path)

    assert requests_seen == []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "Text stays." in reader.pages[0].extract_text()


def test_only_files_inside_the_allowed_folder_are_read(tmp_path: Path) -> None:
    inside = tmp_path / "print"
    inside.mkdir()
    (inside / "style.css").write_text("h1 { color: red; }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("do not read", encoding="utf-8")
    fetcher = local_only_fetcher([inside])

    response = fetcher.fetch((inside / "style.css").as_uri())
    assert b"color: red" in response.read()
    response.close()
    with pytest.raises(FetchRefusedError):
        fetcher.fetch((tmp_path / "secret.txt").as_uri())
    with pytest.raises(FetchRefusedError):
        fetcher.fetch((inside / ".." / "secret.txt").as_uri())
    with pytest.raises(FetchRefusedError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
