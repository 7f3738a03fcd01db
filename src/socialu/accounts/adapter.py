"""django-allauth adapter: people join by invitation, never by open sign-up."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
