"""The accessibility statement: docs/accessibility.md, shown to anyone and linked from every page's footer."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from socialu.core.models import Organisation

STATEMENT = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"


def test_anyone_reads_the_statement_without_signing_in(client: Client) -> None:
    response = client.get("/accessibility/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in page
    for heading in ("What is tested on every change", "Known limits", "How to report a problem"):
        assert f"<h2>{heading}</h2>" in page


def test_the_page_shows_the_statement_in_the_documentation() -> None:
    from socialu.core.views import _accessibility_statement

    title, body = _accessibility_statement()
    assert f"# {title}\n{body}" == STATEMENT.read_text(encoding="utf-8")


def test_the_footer_links_to_the_statement_before_and_after_signing_in(
    client: Client, admin_client: Client, organisation: Organisation
) -> None:
    link = '<a href="/accessibility/">Accessibility</a>'
    assert link in client.get("/accounts/login/").content.decode()
    assert link in admin_client.get(f"/o/{organisation.slug}/").content.decode()
