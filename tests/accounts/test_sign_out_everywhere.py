"""Sign out everywhere: every session ends and every API token is revoked; a new password does the same."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from socialu.accounts import services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from tests.accounts.test_pages import assert_csp_clean
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "quince-harbour-meadow-57"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _signed_in(client: Client, organisation: Organisation) -> bool:
    return client.get(f"/o/{organisation.slug}/").status_code == 200


def _token_works(raw: str, organisation: Organisation) -> bool:
    response = Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers={"Authorization": f"Bearer {raw}"})
    return response.status_code != 401


def _two_sessions(user: User) -> tuple[Client, Client]:
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    return laptop, phone


def test_sign_out_everywhere_ends_every_session_and_revokes_every_token(
    organisation: Organisation, admin_user: User
) -> None:
    laptop, phone = _two_sessions(admin_user)
    _, raw = services.api_token_create(user=admin_user, name="HR sync")
    assert _signed_in(phone, organisation)
    assert _token_works(raw, organisation)

    response = laptop.post("/account/sign-out-everywhere/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not _signed_in(laptop, organisation)
    assert not _signed_in(phone, organisation)
    assert not _token_works(raw, organisation)


def test_signing_in_again_after_signing_out_everywhere_works(organisation: Organisation, admin_user: User) -> None:
    laptop, _ = _two_sessions(admin_user)
    laptop.post("/account/sign-out-everywhere/")

    again = Client()
    again.post("/accounts/login/", {"login": admin_user.email, "password": TEST_PASSWORD})

    assert _signed_in(again, organisation)


def test_the_account_page_offers_sign_out_everywhere(admin_client: Client) -> None:
    response = admin_client.get("/account/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/account/sign-out-everywhere/"' in html
    assert_csp_clean(html)


def test_sign_out_everywhere_needs_a_post(admin_client: Client) -> None:
    assert admin_client.get("/account/sign-out-everywhere/").status_code == 405


def test_a_password_reset_revokes_tokens_and_ends_other_sessions(organisation: Organisation, admin_user: User) -> None:
    _, other = _two_sessions(admin_user)
    _, raw = services.api_token_create(user=admin_user, name="HR sync")
    browser = Client()
    browser.post("/accounts/password/reset/", {"email": admin_user.email})
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    form_page = browser.get(match.group(1), follow=True)
    form_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else match.group(1)

    browser.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW_PASSWORD)
    assert not _token_works(raw, organisation)
    assert not _signed_in(other, organisation)


def test_a_password_change_revokes_tokens_and_keeps_only_this_session(
    organisation: Organisation, admin_user: User
) -> None:
    laptop, phone = _two_sessions(admin_user)
    _, raw = services.api_token_create(user=admin_user, name="HR sync")

    laptop.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW_PASSWORD)
    assert not _token_works(raw, organisation)
    assert _signed_in(laptop, organisation)
    assert not _signed_in(phone, organisation)
