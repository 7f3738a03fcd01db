"""Safe PDF rendering: WeasyPrint may read only what SocialU itself ships.

Documents contain text people wrote (a strategy section in Markdown can hold an
image link), and WeasyPrint fetches whatever an ``<img>`` or stylesheet points
at. Left alone, that would let a document make the server request internal
addresses or read local files. Every PDF is rendered through
:func:`pdf_from_html`, whose fetcher allows ``data:`` URIs and files inside the
folders the caller names, and refuses everything else (the element is then
left out of the PDF).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse


class FetchRefusedError(ValueError):
    """A document tried to load something from outside the allowed folders."""


def local_only_fetcher(allowed_folders: Iterable[Path]) -> Any:
    """Return a WeasyPrint URL fetcher that serves ``data:`` URIs and files under *allowed_folders* only."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    roots = [folder.resolve() for folder in allowed_folders]

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise FetchRefusedError(f"Documents may not read {path}.")
            elif parsed.scheme != "data":
                raise FetchRefusedError(f"Documents may not load {url!r}.")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def pdf_from_html(html: str, *, base_folder: Path, stylesheet: Path | None = None) -> bytes:
    """Render *html* to PDF bytes, resolving relative links against *base_folder* and fetching nothing else."""
    import weasyprint  # type: ignore[import-untyped]

    fetcher = local_only_fetcher([base_folder])
    document = weasyprint.HTML(string=html, base_url=str(base_folder), url_fetcher=fetcher)
    stylesheets = [weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)] if stylesheet else []
    return bytes(document.write_pdf(stylesheets=stylesheets))
