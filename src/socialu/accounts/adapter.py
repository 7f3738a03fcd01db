"""django-allauth adapter: people join by invitation, never by open sign-up; addresses are confirmed."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from socialu.accounts import services


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Confirm an address, unless another account started using it since the link was sent."""
        taken = (
            f"{email_address.email} is already used by another account, so it cannot become your address. "
            "Your address has not changed."
        )
        if services.email_in_use(email=email_address.email, user=email_address.user):
            messages.error(request, taken)
            return False
        try:
            with transaction.atomic():
                return bool(super().confirm_email(request, email_address))
        except IntegrityError:
            messages.error(request, taken)
            return False

    def set_password(self, user: Any, password: str) -> None:
        """Set a new password (a change or a reset): every other session ends and API tokens are revoked."""
        services.user_password_set(user=user, password=password)
