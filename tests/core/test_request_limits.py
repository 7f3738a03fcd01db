"""Oversized requests are refused on their Content-Length, before a byte of the body is read or spooled."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from socialu.accounts.models import User
from socialu.core.middleware import RequestSizeLimitMiddleware
from tests.factories import UserFactory

MB = 1024 * 1024


class Untouchable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def _declare(client: Client, path: str, length: int, **headers: str) -> HttpResponse:
    extra: Any = {"CONTENT_LENGTH": str(length), "wsgi.input": Untouchable(), **headers}
    return client.generic("POST", path, b"", content_type="multipart/form-data; boundary=x", **extra)  # type: ignore[return-value]


def test_a_huge_body_to_the_sign_in_page_is_refused_unread(db: None) -> None:
    response = _declare(Client(), "/accounts/login/", 300 * MB)

    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "at most 64 KB can be sent here" in response.content.decode()


def test_an_anonymous_upload_to_an_import_page_is_refused_unread(organisation: object) -> None:
    response = _declare(Client(), "/o/acme/people/import/", 50 * MB)
    assert response.status_code == 413


def test_an_api_upload_over_the_roster_limit_is_refused_with_json(admin_user: User) -> None:
    response = _declare(Client(), "/api/v1/orgs/acme/roster-imports", 250 * MB, HTTP_AUTHORIZATION="Bearer anything")

    assert response.status_code == 413
    assert json.loads(response.content)["detail"].startswith(
        "This request is 250.0 MB; at most 201.0 MB can be sent here."
    )


def test_a_signed_in_form_over_a_few_megabytes_is_refused_unread(admin_client: Client) -> None:
    response = _declare(admin_client, "/o/acme/policies/new/", 20 * MB)
    assert response.status_code == 413


def test_a_content_length_that_is_not_a_number_is_refused(db: None) -> None:
    extra: Any = {"CONTENT_LENGTH": "lots", "wsgi.input": Untouchable()}
    response = Client().generic("POST", "/accounts/login/", b"", **extra)
    assert response.status_code == 400


def _limit_for(path: str, length: int, *, user: object = None, token: bool = False) -> int:
    request: HttpRequest = RequestFactory().post(path, b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    if token:
        request.META["HTTP_AUTHORIZATION"] = "Bearer x"
    request.user = user  # type: ignore[assignment]
    seen: list[int] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(length)
        return HttpResponse("ok")

    response = RequestSizeLimitMiddleware(view)(request)
    return response.status_code


@pytest.mark.django_db
def test_each_path_gets_its_own_limit_and_only_signed_in_people_get_more_than_a_little() -> None:
    member = UserFactory.create()
    upload = settings.SOCIALU_MAX_UPLOAD_BYTES

    assert _limit_for("/o/acme/people/import/", upload, user=member) == 200
    assert _limit_for("/o/acme/people/import/", upload + 2 * MB, user=member) == 413
    assert _limit_for("/api/v1/orgs/acme/roster-imports", upload, token=True) == 200
    assert _limit_for("/o/acme/accounts/import/", 2 * MB, user=member) == 200
    assert _limit_for("/o/acme/accounts/import/", 4 * MB, user=member) == 413
    assert _limit_for("/o/acme/policies/new/", 5 * MB, user=member) == 200
    assert _limit_for("/o/acme/policies/new/", 7 * MB, user=member) == 413
    assert _limit_for("/accounts/login/", 100 * 1024, user=member) == 413
    assert _limit_for("/r/sometoken/", 100 * 1024) == 200
    assert _limit_for("/r/sometoken/", MB) == 413
