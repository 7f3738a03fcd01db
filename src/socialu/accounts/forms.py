"""Forms for invitations, members' roles and API tokens. They parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from socialu.accounts.models import User
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


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, for example “HR nightly sync”.",
    )
