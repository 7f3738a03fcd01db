"""Forms for the "who does what" (RACI) matrix editor."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import RaciPartyKind
from socialu.governance.registry.services import person_find
from socialu.people.models import Person


class RaciActivityForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example “Replying to journalists”.")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the activity covers, in a sentence or two.",
    )


class RaciPartyForm(forms.Form):
    kind = forms.ChoiceField(
        label="Add as", choices=RaciPartyKind.choices, initial=RaciPartyKind.FUNCTION, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(label="SocialU role", choices=[("", "Choose a role"), *Role.choices], required=False)
    name = forms.CharField(
        label="Function or team",
        max_length=120,
        required=False,
        help_text="Such as “Legal”, “Communications lead” or “Customer service”.",
    )
    person = forms.CharField(
        label="Person",
        max_length=254,
        required=False,
        help_text="Their employee id or work email address, as in the roster.",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == RaciPartyKind.ROLE and not cleaned.get("role"):
            self.add_error("role", "Choose the role.")
        elif kind == RaciPartyKind.FUNCTION and not (cleaned.get("name") or "").strip():
            self.add_error("name", "Name the function or team.")
        elif kind == RaciPartyKind.PERSON:
            reference = (cleaned.get("person") or "").strip()
            found: Person | None = person_find(organisation=self.organisation, reference=reference)
            if not reference:
                self.add_error("person", "Give the person's employee id or work email.")
            elif found is None:
                self.add_error("person", f"Nobody in the roster has the employee id or email “{reference}”.")
            else:
                cleaned["person_obj"] = found
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned data as arguments of ``raci_party_create``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "role": data.get("role") or "",
            "name": data.get("name") or "",
            "person": data.get("person_obj"),
        }
