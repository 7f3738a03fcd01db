"""Signing in: Argon2 password hashes and throttling of failed logins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import TEST_PASSWORD, member

LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def fast_password_hashing() -> None:
    """Use the configured hashers (Argon2): these tests are about them."""


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, email: str, password: str) -> bool:
    client.post(LOGIN_URL, {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_passwords_are_hashed_with_argon2(organisation: Organisation) -> None:
    user = member(organisation, Role.LEARNER, email="hash@example.com")
    assert user.password.startswith("argon2")
    assert user.check_password(TEST_PASSWORD)


def test_the_right_password_signs_in(organisation: Organisation) -> None:
    member(organisation, email="ok@example.com")
    assert _login(Client(), "ok@example.com", TEST_PASSWORD)


def test_after_five_failed_logins_even_the_right_password_is_refused(organisation: Organisation) -> None:
    user = member(organisation, email="target@example.com")
    for _ in range(5):
        assert not _login(Client(), "target@example.com", "wrong-password-123")

    client = Client()
    response = client.post(LOGIN_URL, {"login": "target@example.com", "password": TEST_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}
    assert "Too many failed" in response.content.decode()
    # Another address is not affected.
    other = member(organisation, email="bystander@example.com")
    assert _login(Client(), other.email, TEST_PASSWORD)
    assert isinstance(user, User)
