"""The interactive API docs at /api/v1/docs: served by SocialU itself under the strict CSP, every operation listed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_swagger_ui_lists_every_operation_without_leaving_the_site(page: Page, live_server: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    expected = {(method.upper(), path) for path, operations in spec["paths"].items() for method in operations}
    elsewhere: list[str] = []

    def watch(request: Request) -> None:
        if not request.url.startswith(live_server.url):
            elsewhere.append(request.url)

    page.on("request", watch)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)

    listed = {
        (
            block.locator(".opblock-summary-method").inner_text().strip(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in page.locator(".opblock").all()
    }
    assert listed == expected
    assert len(listed) == len(expected) > 50
    assert elsewhere == []
