"""Account pages under the strict Content Security Policy, and allauth's pages in our layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

import socialu.core
from socialu.accounts import services
from socialu.core.models import Organisation

CORE_TEMPLATES = Path(socialu.core.__file__).resolve().parent / "templates"


def assert_csp_clean(html: str) -> None:
    """Fail if the page has inline scripts or styles, which the CSP would block."""
    assert "style=" not in html
    assert "<style" not in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script: {tag}"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.fixture
def core_templates_first(settings: Settings) -> None:
    """Look in core's templates before allauth's, as the project settings should."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [CORE_TEMPLATES, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def test_members_and_tokens_pages_have_no_inline_scripts_or_styles(
    organisation: Organisation, admin_client: Client
) -> None:
    services.invitation_create(organisation=organisation, email="x@example.com", roles=[], invited_by=None)
    assert_csp_clean(admin_client.get(reverse("members", args=[organisation.slug])).content.decode())
    created = admin_client.post(reverse("api_tokens", args=[organisation.slug]), {"name": "x"})
    assert_csp_clean(created.content.decode())


def test_invitation_page_has_no_inline_scripts_or_styles(organisation: Organisation) -> None:
    _, raw = services.invitation_create(organisation=organisation, email="x@example.com", roles=[], invited_by=None)
    assert_csp_clean(Client().get(f"/invitations/{raw}/").content.decode())


def test_our_allauth_layout_puts_sign_in_inside_our_page(db: None, core_templates_first: None) -> None:
    response = Client().get("/accounts/login/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert "socialu.css" in html
    assert re.search(r'<label for="id_login">', html)
    assert re.search(r'<label for="id_password">', html)
    assert_csp_clean(html)


def test_allauth_pages_use_our_layout_with_the_project_settings(db: None) -> None:
    apps = list(settings.INSTALLED_APPS)
    uses_ours = apps.index("socialu.core") < apps.index("allauth") or any(
        Path(directory).resolve() == CORE_TEMPLATES for directory in settings.TEMPLATES[0]["DIRS"]
    )
    assert uses_ours, (
        "django-allauth's own layout wins: put 'socialu.core' before 'allauth' in INSTALLED_APPS "
        "so that core/templates/allauth/layouts/base.html is used."
    )
    assert 'class="skip-link"' in Client().get("/accounts/login/").content.decode()
