"""Playwright (Python) on Debian's Chromium, against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium).")
    # Playwright's sync API keeps an event loop running in this thread, and Django
    # refuses ORM calls from a thread with a running loop unless told otherwise.
    # Only the browser tests need this, so it is set for them alone.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _watched_page(context: BrowserContext) -> Iterator[Page]:
    """Yield a page of *context*, then fail if the page broke its Content Security Policy."""
    page = context.new_page()
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", watch)
    yield page
    context.close()
    assert not problems, f"The page broke its Content Security Policy: {problems}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _watched_page(browser.new_context(viewport={"width": 1280, "height": 900}))


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page like ``page`` with axe-core in every document, for ``tests.browser.accessibility.audit``."""
    from tests.browser.accessibility import DESKTOP, with_axe

    yield from _watched_page(with_axe(browser.new_context(viewport=DESKTOP)))
