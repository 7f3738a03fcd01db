"""Forms on the Operations pages."""

from __future__ import annotations

from django import forms

from socialu.core.models import AuditAction, AuditVia


class OperationsSettingsForm(forms.Form):
    require_mfa_for_admins = forms.BooleanField(
        required=False,
        label="Programme admins must use two-step sign-in",
        help_text="An admin without an authenticator app or security key is asked to set one up before they can "
        "use this organisation's pages.",
    )
    upload_retention_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        label="Keep uploaded roster files for (days)",
        help_text="Roster files are deleted this many days after they were uploaded.",
    )
    inactive_person_retention_days = forms.IntegerField(
        min_value=30,
        max_value=36500,
        required=False,
        label="Erase people inactive for more than (days)",
        help_text="Leave empty to keep inactive people. Erasure keeps the figures and removes the personal data.",
    )


class JobSettingsForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="On")
    every_hours = forms.IntegerField(
        min_value=1, max_value=24 * 366, required=False, label="Every (hours)", help_text="Empty: the job's default."
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=254, label="Who")
    object_type = forms.ChoiceField(required=False, label="What", choices=[("", "Anything")])
    action = forms.ChoiceField(required=False, choices=[("", "Any change"), *AuditAction.choices])
    via = forms.ChoiceField(required=False, label="How", choices=[("", "Any way"), *AuditVia.choices])
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    search = forms.CharField(required=False, max_length=200, label="Object name or id")

    def __init__(self, *args: object, object_types: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["object_type"].choices = [("", "Anything"), *object_types]  # type: ignore[attr-defined]


class EraseForm(forms.Form):
    confirm = forms.CharField(
        max_length=20,
        label="Type ERASE to confirm",
        help_text="Erasure cannot be undone. The person's figures stay; their personal data goes.",
    )

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value.upper() != "ERASE":
            raise forms.ValidationError("Type the word ERASE to confirm; nothing was erased.")
        return value
