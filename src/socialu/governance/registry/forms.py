"""Forms for the social media account registry. None of them has a password field, by design."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.models import Organisation
from socialu.governance.models import SocialAccount, SocialAccountStatus, SocialPlatform
from socialu.governance.registry.imports import secret_column
from socialu.governance.registry.services import NO_SECRETS, person_find
from socialu.people.models import Person
from socialu.people.selectors import units_in

PERSON_HELP = "Their employee id or work email address, as in the roster."


class SocialAccountForm(forms.Form):
    platform = forms.ChoiceField(choices=SocialPlatform.choices)
    handle = forms.CharField(max_length=200, help_text="The account's name on the platform, such as @kestrel_uk.")
    url = forms.URLField(label="Web address", max_length=500, required=False, assume_scheme="https")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="What it is for.")
    audience = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Who the account speaks to."
    )
    owner = forms.CharField(max_length=254, required=False, help_text=PERSON_HELP)
    backup_owner = forms.CharField(max_length=254, required=False, help_text=PERSON_HELP)
    team = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(choices=SocialAccountStatus.choices, initial=SocialAccountStatus.ACTIVE)
    last_reviewed_on = forms.DateField(
        label="Last reviewed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    review_every_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        initial=180,
        help_text="How often to check who has access. 180 is about six months.",
    )
    credentials_reference = forms.CharField(
        label="Where the login is kept",
        max_length=300,
        required=False,
        help_text=(
            "The password manager entry, such as “1Password › Social › Kestrel X”. "
            "Never the password itself: SocialU does not store secrets."
        ),
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        units = units_in(organisation=organisation).order_by("path").values_list("pk", "path")
        self.fields["team"].choices = [("", "No team"), *units]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, account: SocialAccount) -> dict[str, Any]:
        def ref(person: Person | None) -> str:
            return person.employee_id if person else ""

        return {
            **{name: getattr(account, name) for name in ("platform", "handle", "url", "purpose", "audience")},
            "owner": ref(account.owner),
            "backup_owner": ref(account.backup_owner),
            "team": account.team_id or "",
            **{
                name: getattr(account, name)
                for name in ("status", "last_reviewed_on", "review_every_days", "credentials_reference", "notes")
            },
        }

    def _person(self, name: str) -> Person | None:
        reference = self.cleaned_data.get(name, "").strip()
        if not reference:
            return None
        person = person_find(organisation=self.organisation, reference=reference)
        if person is None:
            raise forms.ValidationError(
                f"Nobody in the roster has the employee id or email “{reference}”. Check it, or add them first."
            )
        if not person.is_active:
            raise forms.ValidationError(f"{person.name} is no longer active. Choose someone who is.")
        return person

    def clean_owner(self) -> Person | None:
        return self._person("owner")

    def clean_backup_owner(self) -> Person | None:
        return self._person("backup_owner")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        secret = secret_column(name for name in self.data if name != "csrfmiddlewaretoken")
        if secret:
            raise forms.ValidationError(f"Remove the '{secret}' field: {NO_SECRETS}")
        owner, backup = cleaned.get("owner"), cleaned.get("backup_owner")
        if owner is not None and backup is not None and owner.pk == backup.pk:
            self.add_error("backup_owner", "The backup owner must be someone other than the owner.")
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned data as service arguments."""
        data = dict(self.cleaned_data)
        team_id = data.pop("team")
        data["team"] = units_in(organisation=self.organisation).filter(pk=team_id).first() if team_id else None
        return data


class RegistryImportForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file", help_text="Columns as in the export. At most 2 MB.")
