"""Every organisation page: each aria-describedby, aria-labelledby and aria-controls names an element on the page.

Django points a field's aria-describedby at "<id>_helptext" whenever the field
has help text; a template that renders the field by hand and leaves the help
text out sends screen readers to nothing. The browser crawl
(tests/browser/test_accessibility.py) checks the pages the navigation reaches;
this test opens every organisation page from the URL resolver, like the
tenancy walk, as a programme admin (who may open nearly all of them), so pages
no link leads to are covered as well.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.core.test_permissions_matrix import OrgRoute, fill_arguments, org_routes
from tests.factories import OrganisationFactory, member

ROUTES = org_routes()
REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls")


class References(HTMLParser):
    """Collect the ids on a page and the ids its ARIA attributes refer to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attribute in REFERENCES:
            for reference in (values.get(attribute) or "").split():
                self.references.append((f"<{tag} id={values.get('id')!r}>", attribute, reference))

    def missing(self) -> list[str]:
        return [
            f"{element} has {attribute}={reference!r} but no element has that id"
            for element, attribute, reference in self.references
            if reference not in self.ids
        ]


def missing_references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.missing()


def test_a_reference_to_a_missing_element_is_found() -> None:
    html = '<label for="q">Search</label><input id="q" aria-describedby="q_helptext"><p id="other">Hint</p>'
    assert missing_references(html) == ["<input id='q'> has aria-describedby='q_helptext' but no element has that id"]
    assert missing_references(html.replace('id="other"', 'id="q_helptext"')) == []


@pytest.fixture
def acme(db: None) -> Organisation:
    return OrganisationFactory.create(slug="acme", name="Acme Ltd")


def test_the_sign_in_page_renders_the_help_its_fields_point_to(client: Client) -> None:
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert missing_references(response.content.decode()) == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_reference_on_an_organisation_page_names_an_element_on_it(route: OrgRoute, acme: Organisation) -> None:
    admin = member(acme, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    url = reverse(
        route.name, kwargs={"org_slug": acme.slug, **fill_arguments(route, organisation=acme, requester=admin)}
    )
    client = Client()
    client.force_login(admin)

    response = client.get(url, follow=True)

    html = "text/html" in response.get("Content-Type", "")
    if response.status_code == 200 and html:
        assert missing_references(response.content.decode()) == [], url
    else:
        # Not a page to read: an action that only accepts POST, or a download. (Redirects were followed.)
        assert response.status_code == 405 or (response.status_code == 200 and not html), url
