"""Forms for invitations, members' roles and API tokens. They parse input; services decide."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils import timezone

from socialu.accounts import services
from socialu.accounts.models import User
from socialu.accounts.services import API_TOKEN_DEFAULT_LIFETIME, API_TOKEN_MAX_LIFETIME
from socialu.core.permissions import SCOPE_LABELS, Scope
from socialu.core.roles import Role

ROLE_HELP = "Everyone is a learner as well."


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Role.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=ROLE_HELP,
            **kwargs,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    roles = RolesField(label="Roles", initial=[Role.LEARNER])


class MemberRolesForm(forms.Form):
    roles = RolesField(label="Roles")


class InvitationAcceptForm(forms.Form):
    """Choose a name and password for a new account."""

    email = forms.EmailField(
        label="Email address",
        required=False,
        disabled=True,
        help_text="The address the invitation was sent to.",
    )
    display_name = forms.CharField(label="Your name", max_length=200, required=False)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invited_email = email
        self.fields["email"].initial = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords are not the same.")
        elif password1:
            candidate = User(email=self.invited_email, display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _default_token_expiry() -> date:
    return (timezone.now() + API_TOKEN_DEFAULT_LIFETIME).date()


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, for example “HR nightly sync”.",
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=[(scope.value, label) for scope, label in SCOPE_LABELS.items()],
        initial=[Scope.READ.value],
        widget=forms.CheckboxSelectMultiple,
        help_text="What the token may do. It can never do more than your roles allow.",
    )
    expires_on = forms.DateField(
        label="Expires on",
        required=False,
        initial=_default_token_expiry,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            f"At most {API_TOKEN_MAX_LIFETIME.days} days from today. "
            "The token stops working at the start of this day (UTC)."
        ),
    )

    def expires_at(self) -> datetime:
        """Return the moment the token stops working: midnight UTC at the start of the chosen day (90 days if none)."""
        return datetime.combine(self.cleaned_data["expires_on"] or _default_token_expiry(), time.min, tzinfo=UTC)


class AddEmailForm(AllauthAddEmailForm):  # type: ignore[misc]  # allauth ships no type hints
    """Change the sign-in address: refused when another account uses it, or where single sign-on manages it.

    The new address replaces the old one only once its owner opens the link
    sent to it (``ACCOUNT_CHANGE_EMAIL``).
    """

    def clean_email(self) -> str:
        if not settings.SOCIALU_EMAIL_CHANGE:
            raise forms.ValidationError(
                "Your sign-in address is managed by your organisation's single sign-on. "
                "Ask your IT team to change it there."
            )
        value = str(super().clean_email())
        if services.email_in_use(email=value, user=self.user):
            raise forms.ValidationError(
                f"{value} is already used by another account. Use an address of your own, or ask your "
                "programme admin if you think this is a mistake."
            )
        return value
